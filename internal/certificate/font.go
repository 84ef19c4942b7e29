package certificate

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// DefaultFont is Debian's fonts-wqy-microhei (Apache-2.0): TrueType outlines with CJK and
// Latin glyphs, installed by the project's setup (.ci/deps, make run).
const DefaultFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

// LoadFont reads a .ttf, or the first face of a .ttc collection as a standalone .ttf, which is
// what PDF libraries accept.
func LoadFont(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("certificate font %s: %w (install the Debian package fonts-wqy-microhei or set CPCA_FONT)", path, err)
	}
	if len(b) >= 4 && string(b[:4]) == "ttcf" {
		return FirstFace(b)
	}
	return b, nil
}

// FirstFace extracts face 0 of a TrueType collection: its table directory is rewritten with
// offsets into a new file holding only that face's tables.
func FirstFace(ttc []byte) ([]byte, error) {
	be := binary.BigEndian
	if len(ttc) < 16 || string(ttc[:4]) != "ttcf" || be.Uint32(ttc[8:]) == 0 {
		return nil, errors.New("not a TrueType collection")
	}
	off := int(be.Uint32(ttc[12:]))
	if off+12 > len(ttc) {
		return nil, errors.New("bad collection offset")
	}
	num := int(be.Uint16(ttc[off+4:]))
	dir := off + 12
	if dir+16*num > len(ttc) {
		return nil, errors.New("bad table directory")
	}
	head := 12 + 16*num
	out := make([]byte, head, len(ttc))
	copy(out, ttc[off:off+12])
	for i := 0; i < num; i++ {
		rec := ttc[dir+16*i : dir+16*i+16]
		start, length := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if start+length > len(ttc) {
			return nil, errors.New("table outside the file")
		}
		newOff := len(out)
		out = append(out, ttc[start:start+length]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		r := out[12+16*i : 12+16*i+16]
		copy(r, rec[:8]) // tag and checksum
		be.PutUint32(r[8:], uint32(newOff))
		be.PutUint32(r[12:], uint32(length))
	}
	return out, nil
}
