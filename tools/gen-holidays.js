#!/usr/bin/env node
// Regenerate data/holidays.csv:
//   npm ci && node tools/gen-holidays.js > data/holidays.csv
//
// Official rows come from the npm package chinese-days, which carries the
// State Council's yearly holiday notices from 2004.  For each year after
// the last notice it carries, through at least ten years ahead, the
// statutory days of 《全国年节及纪念日放假办法》 are written as rows of the
// kind "provisional": the rule in force that year is read from
// data/holiday-rules.csv (from, festival, basis solar|lunar|term, date,
// offset in days, days), so that a change of the rule is a row of data.
// Weekends stay weekends and no 调休 is guessed: a provisional year is
// only the festivals themselves until the official notice is imported
// (ogi-admin holidays import).
//
// Rows: date, kind (holiday: a day off, weekends inside a holiday included;
// workday: a weekend day that is worked, 调休; provisional: a statutory day
// of a year without an official notice), name of the festival.
'use strict';
const fs = require('fs');
const path = require('path');
const cd = require('chinese-days');
const data = require('chinese-days/dist/chinese-days.json');

const AHEAD = 10;

// RFC 4180 rows of a small file: quoted fields, doubled quotes.
function parseCsv(text) {
  const rows = [];
  let row = [], f = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; }
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(f); rows.push(row); row = []; f = '';
    } else f += c;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}

function die(msg) {
  process.stderr.write('gen-holidays: ' + msg + '\n');
  process.exit(1);
}

const rulesPath = path.join(__dirname, '..', 'data', 'holiday-rules.csv');
const [head, ...body] = parseCsv(fs.readFileSync(rulesPath, 'utf8'));
const want = ['from', 'festival', 'basis', 'date', 'offset', 'days', 'source'];
if (head.join() !== want.join()) die(rulesPath + ': header must be ' + want.join());
const rules = body.map((r, i) => {
  const [from, festival, basis, date, offset, days] = r;
  if (!/^\d{4}-\d\d-\d\d$/.test(from) || !['solar', 'lunar', 'term'].includes(basis) ||
      !/^-?\d+$/.test(offset) || !/^[1-9]\d*$/.test(days))
    die(`${rulesPath}:${i + 2}: bad row`);
  return { from, festival, basis, date, offset: +offset, days: +days };
});

const iso = (d) => d.toISOString().slice(0, 10);
const addDays = (s, n) => {
  const d = new Date(s + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
};

// The first day of a festival in year y under its rule.
function festivalStart(rule, y) {
  let day;
  if (rule.basis === 'solar') day = `${y}-${rule.date}`;
  else if (rule.basis === 'lunar') day = cd.getSolarDateFromLunar(`${y}-${rule.date}`).date;
  else {
    const t = cd.getSolarTerms(`${y}-01-01`, `${y}-12-31`).find((x) => x.name === rule.date);
    if (!t) die(`no solar term ${rule.date} in ${y}`);
    day = t.date;
  }
  return addDays(day, rule.offset);
}

const rows = [];
const official = new Set();
for (const [kind, table] of [['holiday', data.holidays], ['workday', data.workdays]]) {
  for (const [date, info] of Object.entries(table)) {
    const name = String(info).split(',')[1] || '';
    rows.push([date, kind, kind === 'workday' ? name + '调休上班' : name]);
    official.add(+date.slice(0, 4));
  }
}
const first = Math.max(...official) + 1;
const last = Math.max(first, new Date().getUTCFullYear()) + AHEAD;
for (let y = first; y <= last; y++) {
  const start = `${y}-01-01`;
  const from = rules.filter((r) => r.from <= start).map((r) => r.from).sort().pop();
  if (!from) die(`no rule in ${rulesPath} for ${y}`);
  for (const r of rules.filter((x) => x.from === from)) {
    const s = festivalStart(r, y);
    for (let i = 0; i < r.days; i++) {
      const d = addDays(s, i);
      // 春节 from 除夕 may begin in the year before: a row belongs to the
      // year it falls in, and that year's own rule covers it there.
      if (d.slice(0, 4) === String(y)) rows.push([d, 'provisional', r.festival]);
    }
  }
}
rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
// Two festivals on one day (中秋 on 3 October, as in 2028): one row.
for (let i = rows.length - 1; i > 0; i--) {
  if (rows[i][0] !== rows[i - 1][0]) continue;
  if (rows[i][1] !== 'provisional' || rows[i - 1][1] !== 'provisional') die(`${rows[i][0]} twice`);
  rows[i - 1][2] += '、' + rows[i][2];
  rows.splice(i, 1);
}
const q = (s) => '"' + String(s).replace(/"/g, '""') + '"';
process.stdout.write(['date', 'kind', 'name'].map(q).join(',') + '\n');
for (const r of rows) process.stdout.write(r.map(q).join(',') + '\n');
