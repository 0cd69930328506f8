// Empty: its presence lets schema.go declare parseQuery without a body (go:linkname).
