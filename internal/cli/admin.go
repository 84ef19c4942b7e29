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
	"cpca/internal/session"
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
	u := &account.User{Username: *username, Email: *email, Name: *name, Role: account.RoleAdmin, StaffRole: staffRole}
	if err := account.Create(ctx, d, u, password); err != nil {
		return fmt.Errorf("admin create: %w", err)
	}
	_ = audit.System("cli").Record(ctx, d, audit.Entry{Action: "account.admin_create", ObjectType: "user", ObjectID: fmt.Sprint(u.ID), Detail: u.Username + " " + staffRole})
	fmt.Fprintf(out, "admin %q created (id %d, %s)\n", u.Username, u.ID, staffRole)
	return nil
}

// readPassword takes the password from CPCA_ADMIN_PASSWORD or a line on in, and checks it.
func readPassword(in io.Reader, username string) (string, error) {
	password := os.Getenv("CPCA_ADMIN_PASSWORD")
	if password == "" {
		fmt.Fprint(os.Stderr, "password: ")
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("no password (set CPCA_ADMIN_PASSWORD or type it on stdin)")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	return password, auth.CheckRules(password, username)
}

// resetPassword sets a new password, ends every session of the user and audits it.
func resetPassword(ctx context.Context, cfg config.Config, in io.Reader, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("admin reset-password", flag.ContinueOnError)
	username := fs.String("username", "", "login name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		return errors.New("admin reset-password: --username is required")
	}
	d, err := system.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := account.ByUsername(ctx, d, *username)
	if err != nil {
		return fmt.Errorf("admin reset-password: %s: %w", *username, err)
	}
	password, err := readPassword(in, u.Username)
	if err != nil {
		return fmt.Errorf("admin reset-password: %v", err)
	}
	if err := account.SetPassword(ctx, d, u.ID, password); err != nil {
		return err
	}
	ended, err := (&session.Store{DB: d, Idle: cfg.SessionIdle, Max: cfg.SessionMax}).EndOthers(ctx, u.ID, nil)
	if err != nil {
		return err
	}
	_ = audit.System("cli").Record(ctx, d, audit.Entry{Action: "account.password_reset", ObjectType: "user", ObjectID: fmt.Sprint(u.ID), Detail: u.Username})
	fmt.Fprintf(out, "password of %q reset; %d session(s) ended\n", u.Username, ended)
	return nil
}
