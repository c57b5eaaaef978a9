// Command consumer imports the generated timer package the way any Go program would: as a
// module, with a require and a replace pointing at the generated code.
package main

import (
	"fmt"

	"example.com/timer"
)

func main() {
	fmt.Println("consumer: " + timer.Version())
}
