// Browser tests: Playwright driving Debian's Chromium against the site as
// `make start` runs it.  A person's flows (citizen and clerk), the same
// without JavaScript, phone and desktop widths, keyboard reach and visible
// focus, screenshots, A4 PDFs, and every page through the Nu HTML Checker
// and axe-core.  Run by tests/browser/run (make test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, cpSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const top = new URL('../..', import.meta.url).pathname;
const BUILD = process.env.BUILD || 'build';
const PORT = process.env.PORT || '18900';
const BASE = `http://127.0.0.1:${PORT}`;
const T = mkdtempSync('/tmp/ogi-browser-');
const SHOTS = join(top, 'tests/browser/shots');
const PAGES = join(T, 'pages');
chmodSync(T, 0o755);
mkdirSync(SHOTS, { recursive: true });
mkdirSync(PAGES, { recursive: true });

// The shipped reference data with the public form's abuse limits off; the
// clock pinned to Monday 2026-03-02, 10:00 in Beijing.
cpSync(join(top, 'data'), join(T, 'conf'), { recursive: true, filter: (s) => !s.includes('/var') });
const site = join(T, 'conf/site.csv');
writeFileSync(site, readFileSync(site, 'utf8')
	.replace(/apply_min_seconds,\d+/, 'apply_min_seconds,0')
	.replace(/apply_per_ip_per_hour,\d+/, 'apply_per_ip_per_hour,0'));
spawnSync('chmod', ['-R', 'a+rX', join(T, 'conf')]);
const env = { ...process.env, PORT, DATA: join(T, 'data'), RUN: join(T, 'run'),
	OGI_CONF: join(T, 'conf'), OGI_NOW: '2026-03-02T02:00:00' };

let browser, adminPassword;
const seen = [];		// [name, html] of every page state, for vnu and axe

before(async () => {
	const out = execFileSync(join(top, 'tools/ogi-site'), ['start', BUILD], { env, cwd: top }).toString();
	adminPassword = out.match(/password for admin \(shown once\): (\S+)/)[1];
	browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
});

after(async () => {
	await browser?.close();
	execFileSync(join(top, 'tools/ogi-site'), ['stop'], { env, cwd: top });
});

async function newPage(opts = {}) {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', ...opts });
	return ctx.newPage();
}

async function keep(page, name) {
	seen.push([name, await page.content()]);
	await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function fillPerson(page) {
	await page.getByLabel('公民', { exact: true }).check();
	await page.getByRole('textbox', { name: '姓名', exact: true }).fill('王测试');
	await page.getByLabel('证件类型').selectOption({ label: '居民身份证' });
	await page.getByRole('textbox', { name: '证件号码' }).fill('110105199003071239');
}

async function fillRequest(page) {
	await page.getByRole('textbox', { name: '联系电话' }).fill('13800000000');
	await page.getByRole('textbox', { name: '电子邮箱' }).fill('wang@example.cn');
	await page.getByRole('textbox', { name: '通信地址' }).fill('示例市示例路8号');
	await page.getByRole('textbox', { name: '邮政编码' }).fill('100000');
	await page.getByRole('textbox', { name: '所需政府信息的名称', exact: true }).fill('2025年部门决算');
	await page.getByRole('textbox', { name: '所需政府信息的内容描述' }).fill('请提供2025年部门决算及说明。');
	await page.getByRole('group', { name: /政府信息的指定提供方式/ }).getByLabel('电子邮件', { exact: true }).check();
	await page.getByRole('group', { name: /获取信息的方式/ }).getByLabel('电子邮件', { exact: true }).check();
	await page.getByLabel(/同意在申请公开登记中公布/).check();
}

let citizenCode, citizenId, letterCode, letterId;

for (const js of [true, false]) {
	test(`a citizen applies and tracks the case (JavaScript ${js ? 'on' : 'off'})`, async () => {
		const page = await newPage({ javaScriptEnabled: js });
		await page.goto(`${BASE}/`);
		await page.getByRole('link', { name: /提交申请/ }).first().click();
		assert.match(await page.title(), /提交申请/);
		if (js) await keep(page, 'apply');
		// A mistake first: the form comes back with the problem beside its field.
		await fillPerson(page);
		await page.getByRole('textbox', { name: '证件号码' }).fill('110105199003071238');
		await fillRequest(page);
		await page.getByRole('button', { name: '提交申请' }).click();
		await assert.doesNotReject(page.getByText('有 1 处需要修改').waitFor());
		const field = page.getByRole('textbox', { name: '证件号码' });
		assert.equal(await field.getAttribute('aria-invalid'), 'true');
		assert.equal(await page.getByRole('textbox', { name: '通信地址' }).inputValue(), '示例市示例路8号');
		if (js) await keep(page, 'apply-error');
		await field.fill('110105199003071239');
		await page.getByRole('button', { name: '提交申请' }).click();
		const id = await page.locator('.app-id').textContent();
		const code = await page.locator('.code').textContent();
		assert.match(id, /^2026-\d{6}$/);
		assert.match(code, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
		if (js) {
			citizenId = id;
			citizenCode = code;
			await keep(page, 'receipt');
			await page.emulateMedia({ media: 'print' });
			const pdf = join(SHOTS, 'receipt.pdf');
			await page.pdf({ path: pdf, format: 'A4' });
			const info = execFileSync('pdfinfo', [pdf]).toString();
			assert.match(info, /Pages:\s+1\n/, 'the receipt prints on one A4 page');
			assert.match(info, /Page size:.*\(A4\)/, 'A4');
			const text = execFileSync('pdftotext', [pdf, '-']).toString();
			assert.ok(text.includes(id) && text.includes(code), 'the PDF shows the id and the code');
			assert.ok(!text.includes('年度报告统计表'), 'the print hides the navigation');
			await page.emulateMedia({ media: 'screen' });
		}
		await page.getByRole('link', { name: '查询办理进度' }).first().click();
		await page.getByRole('textbox', { name: '查询码' }).fill(code.toLowerCase());
		await page.getByRole('button', { name: '查询' }).click();
		assert.equal(await page.locator('.app-id').first().textContent(), id);
		assert.equal(await page.locator('dd.state').textContent(), '待确认收到');
		if (js) await keep(page, 'track');
		await page.context().close();
	});
}

test('an organisation applies', async () => {
	const page = await newPage();
	await page.goto(`${BASE}/apply`);
	await page.getByLabel('法人或其他组织', { exact: true }).check();
	// Where :has() works, the person's fields hide once 法人 is chosen.
	assert.equal(await page.getByRole('textbox', { name: '姓名', exact: true }).isVisible(), false);
	await page.getByRole('textbox', { name: '名称', exact: true }).fill('示例咨询有限公司');
	await page.getByRole('textbox', { name: '统一社会信用代码' }).fill('91110000MA0012345C');
	await page.getByRole('combobox', { name: '类型', exact: true }).selectOption({ label: '法律服务机构' });
	await page.getByRole('textbox', { name: '法定代表人' }).fill('赵示例');
	await page.getByRole('textbox', { name: '联系人' }).fill('钱示例');
	await fillRequest(page);
	await page.getByRole('button', { name: '提交申请' }).click();
	assert.match(await page.locator('.app-id').textContent(), /^2026-\d{6}$/);
	await page.context().close();
});

test('a clerk registers a letter and handles it; the applicant sees each step', async () => {
	const page = await newPage();
	await page.goto(`${BASE}/staff/`);
	assert.match(page.url(), /\/staff\/login$/, 'no session: the login page');
	await keep(page, 'staff-login');
	await page.getByLabel('登录名').fill('admin');
	await page.getByLabel('密码').fill('wrong password');
	await page.getByRole('button', { name: '登录' }).click();
	await page.getByText('登录名或密码不正确').waitFor();
	await keep(page, 'staff-login-error');
	await page.getByLabel('密码').fill(adminPassword);
	await page.getByRole('button', { name: '登录' }).click();
	await page.getByRole('heading', { name: '待办案件' }).waitFor();
	await keep(page, 'staff-queue');

	await page.getByRole('link', { name: '登记申请' }).click();
	await keep(page, 'staff-new');
	await page.getByLabel('信函', { exact: true }).check();
	await page.getByLabel('收到日期').fill('2026-02-13');
	await fillPerson(page);
	await fillRequest(page);
	await page.getByRole('button', { name: '登记', exact: true }).click();
	const id = await page.locator('.app-id').textContent();
	letterId = id;
	letterCode = await page.locator('.code').textContent();
	await keep(page, 'staff-receipt');
	await page.getByRole('link', { name: '打开此案件' }).click();
	await keep(page, 'staff-case');
	assert.ok((await page.locator('dd.due').textContent()).startsWith('2026年3月19日'), 'the due date, as staff pages write dates');

	// A step's form: in place at the top (?act=), or folded below
	// (details): opened as a clerk opens it.
	const step = async (title, fill, button) => {
		const folded = page.locator('details.action', { has: page.locator('summary', { hasText: title }) });
		if (await folded.count() && !(await folded.first().getAttribute('open') !== null))
			await folded.first().locator('summary').click();
		const form = page.locator('form.action', { has: page.getByRole('heading', { name: title, exact: true }) }).first();
		await fill(form);
		await form.getByRole('button', { name: button }).click();
		await page.getByRole('heading', { name: '办理记录' }).waitFor();
	};
	await step('告知补正', async (f) => {
		await f.getByLabel('日期').fill('2026-02-24');
		await f.getByLabel('需要补正的事项').fill('请补充身份证明复印件');
		await f.getByLabel('补正期限（工作日）').fill('10');
	}, '记录补正告知');
	await step('收到补正', (f) => f.getByLabel('日期').fill('2026-02-27'), '记录收到补正');
	await step('延长答复期限', async (f) => {
		await f.getByLabel('日期').fill('2026-03-02');
		await f.getByLabel('批准人').fill('张局长');
	}, '记录延期');
	await page.goto(`${BASE}/staff/case/${id}?explain=1`);
	await keep(page, 'staff-case-explained');
	await step('作出答复', async (f) => {
		await f.getByLabel('日期').fill('2026-03-02');
		await f.getByLabel('答复结果').selectOption({ label: '保护第三方合法权益' });
		await f.getByLabel('理由和依据').fill('涉及第三方商业秘密，第三方不同意公开');
		await f.getByLabel('载体').selectOption({ label: '纸质' });
		await f.getByLabel('送达方式').selectOption({ label: '邮寄' });
	}, '记录答复（办结）');
	assert.equal(await page.locator('h1 .state').textContent(), '已答复');

	// The applicant's tracking page shows each step and the due date.
	const pub = await newPage();
	await pub.goto(`${BASE}/track`);
	await pub.getByRole('textbox', { name: '查询码' }).fill(letterCode);
	await pub.getByRole('button', { name: '查询' }).click();
	assert.equal(await pub.locator('dd.state').textContent(), '已答复');
	assert.equal(await pub.locator('dd.due').textContent(), '2026-04-24（已延长）');
	const steps = await pub.locator('ol.timeline li').allTextContents();
	// The outcome in plain words (outcomes.csv's public column), not the
	// annual table's label.
	for (const s of ['收到申请', '告知补正', '收到补正', '延长答复期限', '作出答复：不予公开：可能损害第三方合法权益'])
		assert.ok(steps.some((x) => x.includes(s)), `the tracking page shows ${s}`);
	assert.equal(await pub.locator('dd.outcome').textContent(), '不予公开：可能损害第三方合法权益');
	assert.ok(!(await pub.content()).includes('保护第三方合法权益'), 'not the table\'s label on the tracking page');
	assert.ok(!(await pub.content()).includes('张局长'), 'no staff names on the tracking page');
	await keep(pub, 'track-answered');

	// The register and the annual page show it.
	await pub.goto(`${BASE}/requests?view=answered`);
	await pub.getByRole('link', { name: id }).waitFor();
	await keep(pub, 'register');
	await pub.getByRole('link', { name: id }).click();
	await keep(pub, 'register-request');
	await page.goto(`${BASE}/staff/annual/2026`);
	await keep(page, 'staff-annual');
	for (const input of await page.locator('input[name^="v:"]').all())
		await input.fill('0');
	await page.getByLabel('填报单位').fill('示例市人民政府办公室');
	// 发布… asks first: the table as it would be published, its checks.
	await page.getByRole('button', { name: '发布…' }).click();
	await page.getByRole('heading', { name: '确认发布2026年度统计表' }).waitFor();
	await keep(page, 'staff-annual-confirm');
	await page.getByRole('button', { name: '确认发布' }).click();
	await page.getByRole('heading', { name: /2026年度统计表/ }).waitFor();
	await pub.goto(`${BASE}/annual/2026`);
	assert.equal(await pub.locator('#v-n-total').textContent(), '1', '本年新收: the letter (the online ones await confirmation)');
	assert.equal(await pub.locator('#v-r3_4-total').textContent(), '1', '保护第三方合法权益: one');
	await keep(pub, 'annual');
	await pub.emulateMedia({ media: 'print' });
	const pdf = join(SHOTS, 'annual.pdf');
	await pub.pdf({ path: pdf, format: 'A4' });
	const pages = Number(execFileSync('pdfinfo', [pdf]).toString().match(/Pages:\s+(\d+)/)[1]);
	assert.ok(pages >= 1 && pages <= 3, `the annual table prints on 1 to 3 A4 pages (${pages})`);
	const text = execFileSync('pdftotext', [pdf, '-']).toString();
	for (const s of ['政府信息公开工作年度报告', '收到和处理政府信息公开申请情况', '本年新收政府信息公开申请数量', '结转下年度继续办理'])
		assert.ok(text.replace(/\s/g, '').includes(s), `the PDF shows ${s}`);
	// At 1280 px the 2021 grids show their last column (总计) without a
	// sideways scroll inside their box.
	{
		const desk = await newPage();
		await desk.goto(`${BASE}/annual/2026`);
		const clipped = await desk.evaluate(() => [...document.querySelectorAll('table.annual.grid')].map((t) => {
			const wrap = t.closest('.table-wrap');
			const last = [...t.querySelectorAll('th')].filter((th) => th.textContent.trim() === '总计').pop();
			return last ? Math.round(last.getBoundingClientRect().right - wrap.getBoundingClientRect().right) : -1;
		}));
		assert.ok(clipped.length > 0 && clipped.every((d) => d <= 1), `总计 is visible at 1280 px (${clipped})`);
		await desk.context().close();
	}
	await pub.goto(`${BASE}/annual/`);
	await keep(pub, 'annual-list');
	// The whole report: ogi's drafts kept, one section written, saved by the
	// admin (the year is published: published again at once); printed as one
	// document with the tables in 二, 三 and 四.
	await page.goto(`${BASE}/staff/annual/2026/report`);
	await keep(page, 'staff-report');
	assert.ok((await page.getByLabel('三、收到和处理政府信息公开申请情况').inputValue()).includes('新收政府信息公开申请1件'),
		'the drafted 三 gives the table\'s count');
	await page.getByLabel('一、总体情况').fill('2026年，本机关认真贯彻落实《条例》。\n㈠ 主动公开方面。');
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await page.getByText('与统计表一致').waitFor();
	await pub.goto(`${BASE}/annual/2026`);
	assert.equal(await pub.locator('h1.report-title').textContent(), '示例市人民政府办公室2026年政府信息公开工作年度报告');
	await keep(pub, 'annual-report');
	await pub.emulateMedia({ media: 'print' });
	const rpdf = join(SHOTS, 'annual-report.pdf');
	await pub.pdf({ path: rpdf, format: 'A4' });
	const rtext = execFileSync('pdftotext', [rpdf, '-']).toString().replace(/\s/g, '');
	for (const s of ['一、总体情况', '㈠主动公开方面。', '三、收到和处理政府信息公开申请情况', '本年新收政府信息公开申请数量', '六、其他需要报告的事项'])
		assert.ok(rtext.includes(s), `the report's PDF shows ${s}`);
	assert.ok(rtext.indexOf('一、总体情况') < rtext.indexOf('本年新收政府信息公开申请数量') &&
		rtext.indexOf('本年新收政府信息公开申请数量') < rtext.indexOf('六、其他需要报告的事项'), 'the tables in place, in order');
	await pub.emulateMedia({ media: 'screen' });
	await pub.goto(`${BASE}/guide`);
	await keep(pub, 'guide');
	await page.goto(`${BASE}/staff/users`);
	await keep(page, 'staff-users');
	// The holiday notice: a mistake comes back named, a good one is previewed.
	await page.goto(`${BASE}/staff/holidays`);
	await keep(page, 'staff-holidays');
	await page.getByLabel('国务院办公厅关于下一年度部分节假日安排的通知').fill('2027-01-04,workday,元旦调休');
	await page.getByRole('button', { name: '检查并预览' }).click();
	assert.ok((await page.content()).includes('调休上班日只能是星期六或星期日'), 'a workday on a Monday is refused');
	assert.equal(await page.getByLabel('国务院办公厅关于下一年度部分节假日安排的通知').inputValue(), '2027-01-04,workday,元旦调休', 'the typed rows are kept');
	await keep(page, 'staff-holidays-error');
	await page.getByLabel('国务院办公厅关于下一年度部分节假日安排的通知').fill('2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦');
	await page.getByRole('button', { name: '检查并预览' }).click();
	await page.getByRole('button', { name: '确认导入' }).waitFor();
	await keep(page, 'staff-holidays-preview');
	await page.goto(`${BASE}/staff/annual/`);
	await keep(page, 'staff-annual-list');
	await page.goto(`${BASE}/staff/new`);
	await page.getByRole('button', { name: '登记', exact: true }).click();
	await keep(page, 'staff-new-error');
	await page.context().close();
	await pub.context().close();
});

test('the clerk issues the 答复书, which prints on one A4 page; the applicant views and downloads it; it is published', async () => {
	const page = await newPage();
	await page.goto(`${BASE}/staff/login`);
	await page.getByLabel('登录名').fill('admin');
	await page.getByLabel('密码').fill(adminPassword);
	await page.getByRole('button', { name: '登录' }).click();
	await page.getByRole('heading', { name: '待办案件' }).waitFor();
	await page.goto(`${BASE}/staff/case/${letterId}`);
	await keep(page, 'staff-case-docs');
	const draft = page.locator('form.doc-draft', { has: page.locator('input[name="step"][value="answer:1"]') });
	assert.match(await draft.locator('textarea').inputValue(), /涉及第三方商业秘密，第三方不同意公开/, 'the answer filled from the case');
	await Promise.all([page.waitForNavigation(), draft.getByRole('button', { name: '签发' }).click()]);
	assert.match(page.url(), new RegExp(`/staff/case/${letterId}/doc/\\d+$`));
	const number = await page.locator('.letter-number').textContent();
	assert.match(number, /^示例办公开复〔2026〕\d+号$/);
	await keep(page, 'staff-letter');
	// Printed: one A4 page, the 文号 and the remedies on it.
	const pdf = join(SHOTS, 'letter.pdf');
	await page.emulateMedia({ media: 'print' });
	await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
	await page.emulateMedia({ media: 'screen' });
	const info = execFileSync('pdfinfo', [pdf]).toString();
	assert.match(info, /Pages:\s+1\n/, 'the letter prints on one page');
	assert.match(info, /Page size:.*\(A4\)/);
	const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s/g, '');
	for (const s of [number, '王测试', '60日内', '6个月内', '示例市人民政府办公室'])
		assert.ok(text.includes(s), `the printed letter shows ${s}`);
	assert.ok(!text.includes('返回案件'), 'the page\'s links do not print');

	// The applicant: the tracking page lists it; 查看 and 下载PDF post the code.
	const pub = await newPage();
	await open(pub, `track:${letterCode}`);
	await pub.getByRole('cell', { name: number }).waitFor();
	await keep(pub, 'track-docs');
	const row = pub.locator('tr', { has: pub.getByRole('cell', { name: number }) });
	await Promise.all([pub.waitForNavigation(), row.getByRole('button', { name: '查看' }).click()]);
	assert.equal(pub.url(), `${BASE}/track/doc`, 'no code in the address');
	assert.equal(await pub.locator('.letter-number').textContent(), number);
	await keep(pub, 'track-letter');
	await open(pub, `track:${letterCode}`);
	const [download] = await Promise.all([pub.waitForEvent('download'),
		pub.locator('tr', { has: pub.getByRole('cell', { name: number }) }).getByRole('button', { name: '下载PDF' }).click()]);
	const got = join(T, 'download.pdf');
	await download.saveAs(got);
	assert.match(execFileSync('pdfinfo', [got]).toString(), /Page size:\s+595\.276 x 841\.89 pts \(A4\)/);
	assert.ok(execFileSync('pdftotext', [got, '-']).toString().replace(/\s/g, '').includes(number), 'the PDF has the 文号');

	// Published on the register, without the applicant's name.
	// From the case's next steps: its form opens in place.
	await page.goto(`${BASE}/staff/case/${letterId}`);
	await page.locator('.next-steps').getByRole('link', { name: '依申请公开转主动公开（第四十四条）' }).click();
	const publish = page.locator('.act-here form.action', { has: page.getByRole('heading', { name: '依申请公开转主动公开（第四十四条）' }) });
	await Promise.all([page.waitForNavigation(), publish.getByRole('button', { name: '在公开登记中公开答复书' }).click()]);
	await pub.goto(`${BASE}/requests/${letterId}`);
	await pub.getByRole('heading', { name: '答复书（依申请公开转主动公开）' }).waitFor();
	assert.ok(!(await pub.content()).includes('王测试'), 'no applicant name on the published answer');
	await keep(pub, 'register-published');
	await page.goto(`${BASE}/staff/case/${letterId}`);
	await page.getByRole('cell', { name: number, exact: true }).waitFor();
	await keep(page, 'staff-case-issued');
	await page.context().close();
	await pub.context().close();
});

// A page by its address, or a tracking page by its code typed into the
// form ("track:CODE"): a code never goes into an address.
test('the staff desk: every page fits a phone; a case leads with its next step', async () => {
	const login = async (page) => {
		await page.goto(`${BASE}/staff/login`);
		await page.getByLabel('登录名').fill('admin');
		await page.getByLabel('密码').fill(adminPassword);
		await page.getByRole('button', { name: '登录' }).click();
		await page.getByRole('heading', { name: '待办案件' }).waitFor();
	};
	// A case still open: registered here, so that the test stands alone.
	const desk = await newPage();
	await login(desk);
	await desk.goto(`${BASE}/staff/?who=all&state=all`);
	const href = await desk.locator('a.row-link').first().getAttribute('href');
	const caseUrl = `${BASE}${href.split('?')[0]}`;
	await desk.goto(caseUrl);
	const primary = desk.locator('.next-steps a.primary');
	if (await primary.count()) {
		const box = await primary.boundingBox();
		assert.ok(box.y + box.height <= 800, `the primary step is above the fold at 1280×800 (${box.y})`);
		await primary.click();
		assert.ok(await desk.locator('.act-here form.action').count() === 1, 'its form opens in place');
		await keep(desk, 'staff-case-act');
	}
	const phone = await newPage({ viewport: { width: 375, height: 740 } });
	await login(phone);
	for (const url of ['/staff/', '/staff/?who=all&state=all', href.split('?')[0], '/staff/new',
		'/staff/users', '/staff/holidays', '/staff/annual/']) {
		await phone.goto(`${BASE}${url}`);
		const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(wide <= 375, `${url} fits 375 px (${wide} px wide)`);
	}
	await keep(phone, 'staff-phone-last');
	await phone.goto(caseUrl);
	await keep(phone, 'staff-case-phone');
	await desk.context().close();
	await phone.context().close();
});

async function open(page, url) {
	if (!url.startsWith('track:')) return page.goto(`${BASE}${url}`);
	await page.goto(`${BASE}/track`);
	await page.getByLabel('查询码').fill(url.slice(6));
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '查询' }).click()]);
}

test('other public states: not found, bad code, the home page', async () => {
	const page = await newPage();
	for (const [name, url] of [['home', '/'], ['track-empty', '/track'], ['track-not-found', 'track:nonsense'],
		['track-code-in-address', '/track?code=nonsense'],
		['not-found', '/nowhere'], ['register-received', '/requests'], ['error-413', '/static/errors/413.html'],
		['error-503', '/static/errors/503.html']]) {
		await open(page, url);
		await keep(page, name);
	}
	await page.context().close();
});

const widths = [[375, 667, 'phone'], [1280, 800, 'desktop']];
for (const [w, h, label] of widths) {
	test(`${label} ${w}×${h}: no horizontal scrolling, every control reached by Tab with a visible focus`, async () => {
		const page = await newPage({ viewport: { width: w, height: h } });
		for (const url of ['/', '/apply', '/track', '/requests', '/annual/2026', '/guide', '/staff/login', `track:${citizenCode}`]) {
			await open(page, url);
			const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
			assert.ok(sw <= cw, `${url} at ${w}px: page ${sw}px wide in a ${cw}px window`);
			await page.screenshot({ path: join(SHOTS, `${label}${url.replace(/[/?=:]/g, '_')}.png`), fullPage: true });
			// Tab through the page: every visible control gets the focus, and shows it.
			const want = await page.evaluate(() => [...document.querySelectorAll(
				'a[href], button, input:not([type=hidden]):not([tabindex="-1"]), select, textarea, [tabindex="0"]')]
				.filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
				.map((e) => e.outerHTML.slice(0, 80)));
			const got = new Set();
			for (let i = 0; i < want.length + 5; i++) {
				await page.keyboard.press('Tab');
				const f = await page.evaluate(() => {
					const e = document.activeElement;
					if (!e || e === document.body) return null;
					const s = getComputedStyle(e);
					return { html: e.outerHTML.slice(0, 80), shown: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
				});
				if (!f) continue;
				assert.ok(f.shown, `${url}: focus is visible on ${f.html}`);
				got.add(f.html);
			}
			// Radio groups take one Tab stop; the rest of a group is reached by arrows.
			const missing = want.filter((x) => !got.has(x) && !/type="radio"/.test(x));
			assert.deepEqual(missing, [], `${url} at ${w}px: controls not reached by Tab`);
		}
		await page.context().close();
	});
}

test('every page passes the Nu HTML Checker with no errors', () => {
	assert.ok(seen.length >= 20, `pages collected: ${seen.length}`);
	const files = seen.map(([name, html]) => {
		const f = join(PAGES, `${name}.html`);
		writeFileSync(f, html);
		return f;
	});
	const jar = join(top, 'node_modules/vnu-jar/build/dist/vnu.jar');
	const r = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8' });
	const messages = JSON.parse(r.stderr || '{"messages":[]}').messages;
	assert.deepEqual(messages.map((m) => `${m.url.split('/').pop()}:${m.lastLine}: ${m.message}`), []);
});

test('every page has no axe-core violations', async () => {
	const axe = join(top, 'node_modules/axe-core/axe.min.js');
	const page = await newPage({ bypassCSP: true });
	const problems = [];
	for (const [name, html] of seen) {
		await page.route(`${BASE}/__axe/${name}`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
		await page.goto(`${BASE}/__axe/${name}`);
		await page.addScriptTag({ path: axe });
		const v = await page.evaluate(async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
			.map((x) => `${x.id}: ${x.nodes.length} × ${x.nodes[0].target.join(' ')}`));
		for (const x of v) problems.push(`${name}: ${x}`);
	}
	assert.deepEqual(problems, []);
	await page.context().close();
});
