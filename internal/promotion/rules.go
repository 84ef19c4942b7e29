package promotion

import (
	"cpca/internal/company"
	"cpca/internal/errs"
)

// Fraction is a share such as 2/3, kept as integers so a threshold is never a float.
type Fraction struct{ Num, Den int }

// AtLeast reports whether part/whole ≥ f (part ≥ f of whole).
func (f Fraction) AtLeast(part, whole int) bool { return part*f.Den >= whole*f.Num }

// Of is the whole number of seats f of n allows (rounded down).
func (f Fraction) Of(n int) int {
	if f.Den == 0 {
		return 0
	}
	return n * f.Num / f.Den
}

// Rules are the thresholds of the association's 章程, from configuration (CPCA_PROMOTION_*).
type Rules struct {
	MinYears       int      // a company must have been a member this many years to apply
	Quorum         Fraction // 实到 ≥ Quorum × 应到
	Majority       Fraction // 赞成 ≥ Majority × 实到
	CouncilShare   Fraction // 理事单位 seats ≤ CouncilShare × member companies
	StandingShare  Fraction // 常务理事单位 seats ≤ StandingShare × 理事单位 seats
	VicePresidents int      // 副理事长单位 seats per term
	Presidents     int      // 理事长单位 seats per term
}

// DefaultRules are the usual thresholds of a Chinese association's charter.
var DefaultRules = Rules{MinYears: 1, Quorum: Fraction{2, 3}, Majority: Fraction{2, 3},
	CouncilShare: Fraction{1, 3}, StandingShare: Fraction{1, 3}, VicePresidents: 6, Presidents: 1}

// Vote is the count of a meeting.
type Vote struct {
	Expected, Present, Yes, No, Abstain int
}

// Vote errors: the form shows them next to the counts.
var (
	ErrVoteCounts = errs.New(errs.Invalid, "票数不合理：应到须大于0，实到不能超过应到，赞成、反对、弃权之和不能超过实到")
)

// ErrQuorum is a meeting without enough members present.
type ErrQuorum struct {
	Present, Expected int
	Need              Fraction
}

func (e ErrQuorum) Error() string { return e.UserMessage().String() }

// UserMessage names the counts and the rule.
func (e ErrQuorum) UserMessage() errs.Message {
	return errs.M("未达到法定人数：实到 %d 人，应到 %d 人，须达到应到人数的 %d/%d", e.Present, e.Expected, e.Need.Num, e.Need.Den)
}

// Is makes it invalid input (the record cannot be accepted as typed).
func (e ErrQuorum) Is(target error) bool { return target == errs.Invalid }

// ErrMajority is a vote without the majority the charter asks for.
type ErrMajority struct {
	Yes, Present int
	Need         Fraction
}

func (e ErrMajority) Error() string { return e.UserMessage().String() }

// UserMessage names the counts and the rule.
func (e ErrMajority) UserMessage() errs.Message {
	return errs.M("赞成票未达到要求：赞成 %d 票，实到 %d 人，须达到实到人数的 %d/%d", e.Yes, e.Present, e.Need.Num, e.Need.Den)
}

// Is makes it invalid input.
func (e ErrMajority) Is(target error) bool { return target == errs.Invalid }

// Check refuses a vote whose counts do not add up, without quorum, or without the majority.
func (r Rules) Check(v Vote) error {
	if v.Expected <= 0 || v.Present < 0 || v.Present > v.Expected || v.Yes < 0 || v.No < 0 || v.Abstain < 0 ||
		v.Yes+v.No+v.Abstain > v.Present {
		return ErrVoteCounts
	}
	if !r.Quorum.AtLeast(v.Present, v.Expected) {
		return ErrQuorum{Present: v.Present, Expected: v.Expected, Need: r.Quorum}
	}
	if !r.Majority.AtLeast(v.Yes, v.Present) || v.Present == 0 {
		return ErrMajority{Yes: v.Yes, Present: v.Present, Need: r.Majority}
	}
	return nil
}

// Occupancy is what the quotas of a term are computed from: the member companies and the
// active seats of the term at each level.
type Occupancy struct {
	Members int
	Seats   map[string]int // active seats at exactly that level
}

// atLeast counts seats at level or above (a 常务理事单位 is also a 理事单位).
func (o Occupancy) atLeast(level string) int {
	n := 0
	for l, c := range o.Seats {
		if Rank(l) >= Rank(level) {
			n += c
		}
	}
	return n
}

// Limit is how many seats at level or above the term allows.
func (r Rules) Limit(level string, o Occupancy) int {
	switch level {
	case company.LevelCouncil:
		return r.CouncilShare.Of(o.Members)
	case company.LevelStanding:
		return r.StandingShare.Of(o.atLeast(company.LevelCouncil))
	case company.LevelVicePresident:
		return r.VicePresidents
	case company.LevelPresident:
		return r.Presidents
	}
	return 0
}

// Left is how many seats at level are still free in the term (never below 0).
func (r Rules) Left(level string, o Occupancy) int {
	taken := o.atLeast(level)
	if level == company.LevelVicePresident || level == company.LevelPresident {
		taken = o.Seats[level] // fixed counts are per office, not cumulative
	}
	return max(r.Limit(level, o)-taken, 0)
}

// ErrNoSeat is a ratification for a level whose seats of the term are all taken.
type ErrNoSeat struct {
	Level string
	Limit int
}

func (e ErrNoSeat) Error() string { return e.UserMessage().String() }

// UserMessage names the level and its quota.
func (e ErrNoSeat) UserMessage() errs.Message {
	return errs.M("本届%s名额已满（共 %d 个），不能再批准", company.LevelLabel(e.Level), e.Limit)
}

// Is makes it a conflict: another ratification took the seat.
func (e ErrNoSeat) Is(target error) bool { return target == errs.Conflict }

// Fits checks that moving a company from level from to level to fits the quotas: every level
// the company enters needs a free seat (a 会员单位 made 常务理事单位 also takes a 理事单位 seat).
func (r Rules) Fits(from, to string, o Occupancy) error {
	for _, l := range Levels {
		if Rank(l) > Rank(from) && Rank(l) <= Rank(to) && r.enters(l, from, to) && r.Left(l, o) < 1 {
			return ErrNoSeat{Level: l, Limit: r.Limit(l, o)}
		}
	}
	return nil
}

// enters reports whether the move from → to adds a seat counted at l: cumulative levels count
// every seat above them, so a company already holding a council seat adds none to the council
// count; the fixed offices count only their own level.
func (r Rules) enters(l, from, to string) bool {
	if l == company.LevelVicePresident || l == company.LevelPresident {
		return l == to
	}
	return Rank(from) < Rank(l)
}
