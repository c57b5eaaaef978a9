// Command consumer imports the generated timer package the way any Go program would: as a
// module, with a require and a replace pointing at the generated code.
package main

import (
	"fmt"
	"log"

	"example.com/timer"
)

func main() {
	version, err := timer.Version()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("consumer: " + version)
}
