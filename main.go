// Command cpca is the CPCA membership system: one binary for the web server, the worker and
// the tools. main only hands the arguments and the web server's constructor to internal/cli.
package main

import (
	"os"

	"cpca/app"
	"cpca/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], app.New)) }
