package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"cpca/internal/account"
	"cpca/internal/audit"
	"cpca/internal/auth"
	"cpca/internal/config"
	"cpca/internal/membership"
	"cpca/internal/system"
)

// admin is `cpca admin create` (a staff account) and `cpca admin reset-password` (what staff
// do for a member who is locked out or forgot the password).
func admin(ctx context.Context, cfg config.Config, in io.Reader, out io.Writer, args []string) error {
	if len(args) > 0 && args[0] == "reset-password" {
		return resetPassword(ctx, cfg, in, out, args[1:])
	}
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: cpca admin create --username NAME --email ADDR | cpca admin reset-password --username NAME")
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	username := fs.String("username", "", "login name")
	email := fs.String("email", "", "email address")
	name := fs.String("name", "协会管理员", "display name")
	role := fs.String("role", account.StaffSysadmin, "department: membership (会员部), finance (财务), events (会展), info (信息) or sysadmin (系统管理员)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *username == "" || !membership.ValidEmail(*email) {
		return errors.New("admin create: --username and a valid --email are required")
	}
	staffRole, err := account.ParseStaffRole(*role)
	if err != nil {
		return fmt.Errorf("admin create: --role: %v", err)
	}
	password, err := readPassword(in, *username)
	if err != nil {
		return fmt.Errorf("admin create: %v", err)
	}
	d, err := system.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	u := &account.User{Username: *username, Email: *email, Name: *name, StaffRole: staffRole}
	if err := account.CreateStaff(ctx, d, u, password, audit.CLI); err != nil {
		return fmt.Errorf("admin create: %w", err)
	}
	fmt.Fprintf(out, "admin %q created (id %d, %s)\n", u.Username, u.ID, staffRole)
	return nil
}

// passwordHint is auth.Hint for the terminal.
const passwordHint = "at least 8 characters; a long sentence, Chinese or with spaces, is welcome; not a common password, not containing the username"

// readPassword takes the password from CPCA_ADMIN_PASSWORD or a line on in and checks it
// against the rules (account checks them again where it stores it).
func readPassword(in io.Reader, username string) (string, error) {
	password := os.Getenv("CPCA_ADMIN_PASSWORD")
	if password == "" {
		fmt.Fprintf(os.Stderr, "password (%s): ", passwordHint)
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("no password (set CPCA_ADMIN_PASSWORD or type it on stdin)")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if err := auth.CheckRules(password, username); err != nil {
		return "", fmt.Errorf("%v (%s)", err, passwordHint)
	}
	return password, nil
}

// resetPassword is what staff do for a member who is locked out or forgot the password:
// account.ResetPassword sets it, ends every session of the user and audits it.
func resetPassword(ctx context.Context, cfg config.Config, in io.Reader, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("admin reset-password", flag.ContinueOnError)
	username := fs.String("username", "", "login name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		return errors.New("admin reset-password: --username is required")
	}
	password, err := readPassword(in, *username)
	if err != nil {
		return fmt.Errorf("admin reset-password: %v", err)
	}
	d, err := system.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	u, ended, err := account.ResetPassword(ctx, d, *username, password, audit.CLI)
	if err != nil {
		return fmt.Errorf("admin reset-password: %s: %w", *username, err)
	}
	fmt.Fprintf(out, "password of %q reset; %d session(s) ended\n", u.Username, ended)
	return nil
}
