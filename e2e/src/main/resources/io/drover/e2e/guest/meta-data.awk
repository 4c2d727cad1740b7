# Reads a NoCloud meta-data file written as JSON (one object of strings, arrays of strings and
# anything else, as Drover writes it with Jackson's pretty printer, or compact) and prints one
# "key<TAB>value" line per string value of the top-level object, one line per array element.
# It only tokenizes: nothing read is ever run. Escapes are decoded; control characters (which
# would break the line format or the console) become "?", and \u escapes outside printable
# ASCII become "?" too. Exits 2 when the file is not such a JSON object.
BEGIN {
	for (i = 1; i < 32; i++) CTRL = CTRL sprintf("%c", i)
	CTRL = CTRL sprintf("%c", 127)
	HEX = "0123456789abcdef"
}
{ s = s $0 "\n" }
END {
	n = length(s)
	pos = 1
	ws()
	if (substr(s, pos, 1) != "{") exit 2
	pos++
	ws()
	if (substr(s, pos, 1) == "}") exit 0
	while (pos <= n) {
		ws()
		if (substr(s, pos, 1) != "\"") exit 2
		key = str()
		ws()
		if (substr(s, pos, 1) != ":") exit 2
		pos++
		ws()
		c = substr(s, pos, 1)
		if (c == "\"") {
			print key "\t" str()
		} else if (c == "[") {
			pos++
			ws()
			if (substr(s, pos, 1) == "]") {
				pos++
			} else {
				while (pos <= n) {
					ws()
					if (substr(s, pos, 1) == "\"") print key "\t" str()
					else if (!skip()) exit 2
					ws()
					c = substr(s, pos++, 1)
					if (c == "]") break
					if (c != ",") exit 2
				}
			}
		} else if (!skip()) {
			exit 2
		}
		ws()
		c = substr(s, pos++, 1)
		if (c == "}") exit 0
		if (c != ",") exit 2
	}
	exit 2
}
function ws() {
	while (pos <= n && index(" \t\r\n", substr(s, pos, 1)) > 0) pos++
}
# A string at pos (its opening quote); returns it decoded and moves past its closing quote.
function str(   out, c) {
	pos++
	out = ""
	while (pos <= n) {
		c = substr(s, pos++, 1)
		if (c == "\"") return out
		if (c == "\\") {
			c = substr(s, pos++, 1)
			if (c == "u") {
				out = out uchar(substr(s, pos, 4))
				pos += 4
			} else if (c == "\"" || c == "\\" || c == "/") {
				out = out c
			} else {
				out = out "?"
			}
		} else if (index(CTRL, c) > 0) {
			out = out "?"
		} else {
			out = out c
		}
	}
	exit 2
}
function uchar(h,   v, i, d) {
	h = tolower(h)
	v = 0
	for (i = 1; i <= 4; i++) {
		d = index(HEX, substr(h, i, 1))
		if (d == 0) return "?"
		v = v * 16 + d - 1
	}
	return (v >= 32 && v < 127) ? sprintf("%c", v) : "?"
}
# Skips a value that is not reported: number, true, false, null, nested object or array.
function skip(   depth, c) {
	c = substr(s, pos, 1)
	if (c == "\"") { str(); return 1 }
	if (c == "{" || c == "[") {
		depth = 0
		while (pos <= n) {
			c = substr(s, pos, 1)
			if (c == "\"") { str(); continue }
			pos++
			if (c == "{" || c == "[") depth++
			else if (c == "}" || c == "]") { if (--depth == 0) return 1 }
		}
		return 0
	}
	if (match(substr(s, pos), /^[-+.0-9eEa-z]+/)) { pos += RLENGTH; return 1 }
	return 0
}
