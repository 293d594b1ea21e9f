// The admin import page in Chromium (file, encoding, preview with the mapping, dry run listing the
// rejected rows, import skipping them), and the upload endpoint's refusals over HTTP.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../src/lib/server/demo/credit-code';
import { baseUrl, sessionCookie } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'redgrid-import-e2e-'));
const e2e = e2eFile({ db: true });
afterAll(async () => {
	rmSync(tmp, { recursive: true, force: true });
});

const code = (body: string) => body + creditCodeCheckChar(body);

describe('admin import page', () => {
	it('previews a GBK CSV with its mapping, lists the rejected row in the dry run, imports the rest', async () => {
		const good = code('91360802MA35E2E01');
		const csv = [
			'统一社会信用代码,企业名称,党员数',
			`${good},吉安页面测试物业有限公司,3`,
			'123,坏代码公司,1'
		].join('\n');
		const file = path.join(tmp, 'companies.csv');
		writeFileSync(file, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: csv }));

		const page = await e2e.signedInPage('admin');
		await page.goto(`${baseUrl()}/admin/import`);
		await page.getByLabel(/^(图层|Layer)/).selectOption('companies');
		await page.getByLabel(/^(文件|File)/).setInputFiles(file);
		await page.getByLabel(/^(文字编码|Text encoding)/).selectOption('gbk');
		await page
			.getByRole('button', { name: /^(预览|Preview)$/ })
			.first()
			.click();
		const mapping = page.getByRole('table', { name: /字段对应|Column mapping/ });
		await expect
			.poll(() => mapping.getByLabel('credit_code', { exact: true }).inputValue())
			.toBe('统一社会信用代码');
		expect(await mapping.getByLabel('name', { exact: true }).inputValue()).toBe('企业名称');

		await page.getByRole('button', { name: /^(试运行|Dry run)$/ }).click();
		const rejected = page.getByRole('table', { name: /被拒绝的行|Rejected rows/ });
		await expect.poll(() => rejected.locator('tbody tr').count()).toBe(1);
		expect(await rejected.locator('tbody tr').first().innerText()).toMatch(
			/2\s+credit_code\s+"123" is not 18 characters/
		);
		expect(
			(await e2e.sql.query('SELECT 1 FROM property_companies WHERE credit_code = $1', [good])).rowCount
		).toBe(0);

		await page.getByLabel(/跳过被拒绝的行|Skip rejected rows/).check();
		await page.getByRole('button', { name: /^(导入|Import)$/ }).click();
		await expect
			.poll(() => page.getByRole('status').innerText(), { timeout: 30_000 })
			// the written result, not the dry run's "would import 1 new" still on the page
			.toMatch(/^(已导入：新增 1，|Imported: 1 new,)/);
		const { rows } = await e2e.sql.query(
			'SELECT name, party_members FROM property_companies WHERE credit_code = $1',
			[good]
		);
		expect(rows).toEqual([{ name: '吉安页面测试物业有限公司', party_members: 3 }]);
		await page.close();
		// the e2e database is shared by the files that follow: a company with no compound has no
		// geometry, which the OGC tests rightly refuse to meet in the demo city
		await e2e.sql.query('DELETE FROM property_companies WHERE credit_code = $1', [good]);
	});
});

describe('POST /api/import/{layer}', () => {
	const post = async (body: BodyInit, headers: Record<string, string> = {}) =>
		fetch(`${baseUrl()}/api/import/areas`, {
			method: 'POST',
			headers: { cookie: await sessionCookie('admin'), origin: baseUrl(), ...headers },
			body
		});

	it('a bad file is a 4xx naming the problem, and writes nothing', async () => {
		const before = (await e2e.sql.query('SELECT count(*)::int AS n FROM areas')).rows[0].n;
		const zip = path.join(tmp, 'evil.zip');
		execFileSync('python3', [
			'-c',
			`import zipfile; z = zipfile.ZipFile('${zip}', 'w'); z.writestr('../x.shp', 'x'); z.close()`
		]);
		const form = new FormData();
		form.set('file', new Blob([readFileSync(zip)]), 'evil.zip');
		let res = await post(form);
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({
			field: 'file',
			message: expect.stringMatching(/escapes its folder/)
		});

		const bad = new FormData();
		bad.set(
			'file',
			new Blob(['{"type": "FeatureCollection", "features": ['], { type: 'application/json' }),
			'a.geojson'
		);
		res = await post(bad);
		expect(res.status).toBe(400);
		expect((await res.json()).message).toMatch(/^file: GDAL cannot read it/);

		res = await post('{}', { 'content-type': 'application/json' });
		expect(res.status).toBe(415);

		const mapped = new FormData();
		mapped.set('file', new Blob(['{"type":"FeatureCollection","features":[]}']), 'a.geojson');
		mapped.set('mapping', '{not json');
		res = await post(mapped);
		expect([res.status, (await res.json()).field]).toEqual([400, 'mapping']);
		expect((await e2e.sql.query('SELECT count(*)::int AS n FROM areas')).rows[0].n).toBe(before);
	});
});
