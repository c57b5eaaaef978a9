module uniffi-go.test/gencerts

go 1.24
