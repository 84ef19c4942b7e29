package membership

import "testing"

func TestDiff(t *testing.T) {
	a := Snapshot{Company: CompanyInfo{Name: "甲公司", City: "深圳"}, People: PeopleInfo{People: []Person{{Name: "张三"}}}}
	b := a
	b.Company.City = "广州"
	ch := Diff(a, b)
	if len(ch) != 1 || ch[0].Label != "城市" || ch[0].Before != "深圳" || ch[0].After != "广州" {
		t.Fatalf("diff = %+v", ch)
	}
	b.People = PeopleInfo{People: []Person{{Name: "李四"}}}
	if len(Diff(a, b)) != 2 {
		t.Fatal("people change not seen")
	}
}
