# RFC 4180 fields of one CSV line (quoted fields may hold commas and doubled quotes; not line breaks): used by the
# scripts that read portbench's CSVs by header name, whose reason columns hold commas.
function split_csv(line, out,   n, i, c, field, q) {
  n = 0; field = ""; q = 0
  for (i = 1; i <= length(line); i++) {
    c = substr(line, i, 1)
    if (q) {
      if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { field = field c; i++ } else q = 0 }
      else field = field c
    }
    else if (c == "\"") q = 1
    else if (c == ",") { out[++n] = field; field = "" }
    else field = field c
  }
  out[++n] = field; return n
}
