module example.com/consumer

go 1.24

require example.com/timer v0.0.0

// The timer package is generated into gen/ by run.sh (dynamic linking).
replace example.com/timer => ./gen/dynamic/timer
