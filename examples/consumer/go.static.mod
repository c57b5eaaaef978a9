module example.com/consumer

go 1.24

require example.com/timer v0.0.0

// The same program, linking the Rust staticlib (see run.sh).
replace example.com/timer => ./gen/static/timer
