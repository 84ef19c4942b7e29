package imports

import (
	"github.com/xuri/excelize/v2"
)

// Template is the 导入模板: our fields as Chinese headers (required ones marked *, matched
// all the same), two example rows, credit codes, phones, postcodes and member numbers as text
// cells (leading zeros kept), and a second sheet that explains the columns.
func Template() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "会员导入"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8F0FE"}}})
	if err != nil {
		return nil, err
	}
	for i, fd := range Fields {
		col, _ := excelize.ColumnNumberToName(i + 1)
		h := fd.Label
		if fd.Required {
			h += "*"
		}
		_ = f.SetCellValue(sheet, col+"1", h)
		for r := 0; r < 2; r++ {
			_ = f.SetCellStr(sheet, col+string(rune('2'+r)), fd.Example[r])
		}
		// every column is text: a code or a phone typed in later keeps its zeros and digits
		_ = f.SetColStyle(sheet, col, text)
		_ = f.SetColWidth(sheet, col, col, 16)
	}
	last, _ := excelize.ColumnNumberToName(len(Fields))
	_ = f.SetCellStyle(sheet, "A1", last+"1", bold)
	_ = f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})

	const help = "填写说明"
	if _, err := f.NewSheet(help); err != nil {
		return nil, err
	}
	_ = f.SetSheetRow(help, "A1", &[]any{"列名", "是否必填", "说明"})
	notes := map[string]string{
		"uscc":           "18位，按 GB 32100-2015 校验；每家单位一行，同一文件内不可重复",
		"level":          "会员单位、理事单位、常务理事单位、副理事长单位、理事长单位；留空为会员单位。已有单位的级别不会被导入改动",
		"joined_on":      "如 2019-05-20、2019/5/20 或 Excel 日期",
		"founded_on":     "如 2008-09-01",
		"nature":         "国有企业、民营企业、外商独资企业、中外合资企业、港澳台资企业、集体企业、其他",
		"category":       "PCB制造、覆铜板、专用设备、专用材料/化学品、电子装联、其他",
		"province":       "省级行政区全称，如 广东省",
		"primary_mobile": "11位手机号",
		"primary_email":  "新建账号的邀请邮件发到此邮箱",
	}
	for i, fd := range Fields {
		req := ""
		if fd.Required {
			req = "必填"
		}
		_ = f.SetSheetRow(help, "A"+itoa(i+2), &[]any{fd.Label, req, notes[fd.Key]})
	}
	_ = f.SetColWidth(help, "A", "A", 22)
	_ = f.SetColWidth(help, "C", "C", 90)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func itoa(n int) string {
	b := []byte{}
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
