#!/usr/bin/env node
// Regenerate data/holidays.csv from the npm package chinese-days, which
// carries the State Council's yearly holiday notices from 2004:
//   npm ci && node tools/gen-holidays.js > data/holidays.csv
// Rows: date, kind (holiday: a day off, weekends inside a holiday included;
// workday: a weekend day that is worked, 调休), name of the festival.
'use strict';
const data = require('chinese-days/dist/chinese-days.json');

const rows = [];
for (const [kind, table] of [['holiday', data.holidays], ['workday', data.workdays]]) {
  for (const [date, info] of Object.entries(table)) {
    const name = String(info).split(',')[1] || '';
    rows.push([date, kind, kind === 'workday' ? name + '调休上班' : name]);
  }
}
rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const q = (s) => '"' + String(s).replace(/"/g, '""') + '"';
process.stdout.write(['date', 'kind', 'name'].map(q).join(',') + '\n');
for (const r of rows) process.stdout.write(r.map(q).join(',') + '\n');
