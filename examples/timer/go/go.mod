module example.com/timerdemo

go 1.24
