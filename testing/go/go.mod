module uniffi-go.test

go 1.24
