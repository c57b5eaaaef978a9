module uniffi-go.module-test

go 1.24
