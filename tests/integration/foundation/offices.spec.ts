/**
 * The office directory (GET /api/v1/offices...): readable by every member of staff, ordered by code,
 * subtrees parents first. Expected values are written out by hand from libs/db/seed/divisions-demo.ts,
 * not derived from it, so a seed change that breaks them shows up here.
 */
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';

type OfficeView = { code: string; name: string; level: string; parentCode: string | null };

const codes = (offices: OfficeView[]): string[] => offices.map((o) => o.code);

describe('offices (foundation)', () => {
  let stack: TestStack;
  let api: AuthedClient;

  beforeAll(async () => {
    stack = await startTestStack();
    // Any member of staff may read the directory; a Shenzhen caseworker reads Jiangxi's offices too.
    api = authed(stack, await stack.loginAs('xinan.caseworker'));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists the offices of the directory ordered by code', async () => {
    const response = await api.get('/api/v1/offices').expect(200);
    const offices = response.body as OfficeView[];
    const listed = codes(offices);
    expect(listed).toEqual([...listed].sort());
    // 2 provinces; Jiangxi: 南昌市 and 九江市, 2 counties each, 2 townships per county, 2 communities per
    // township = 1 + 2 + 4 + 8 + 16 = 31; Guangdong: 深圳市 with 宝安区 and 龙岗区 = 1 + 1 + 2 + 4 + 8 = 16.
    expect(listed.filter((c) => c.startsWith('36'))).toHaveLength(31);
    expect(listed.filter((c) => c.startsWith('44'))).toHaveLength(16);
    expect(offices).toContainEqual({ code: '36', name: '江西省', level: 'province', parentCode: null });
    expect(offices).toContainEqual({ code: '440306017', name: '新安街道', level: 'township', parentCode: '440306' });
  });

  it('filters by level and by parent', async () => {
    const provinces = (await api.get('/api/v1/offices?level=province').expect(200)).body as OfficeView[];
    expect(provinces).toEqual([
      { code: '36', name: '江西省', level: 'province', parentCode: null },
      { code: '44', name: '广东省', level: 'province', parentCode: null },
    ]);
    const cities = (await api.get('/api/v1/offices?parentCode=36').expect(200)).body as OfficeView[];
    expect(codes(cities)).toEqual(['3601', '3604']);
    const counties = (await api.get('/api/v1/offices?level=county&parentCode=4403').expect(200)).body as OfficeView[];
    expect(codes(counties)).toEqual(['440306', '440307']);
    // Bad filters are 400s naming the parameter.
    expect(violatedFields(expectProblem(await api.get('/api/v1/offices?level=village'), 400, 'VALIDATION_FAILED'))).toEqual([
      'level',
    ]);
    expect(violatedFields(expectProblem(await api.get('/api/v1/offices?parentCode=36x'), 400, 'VALIDATION_FAILED'))).toEqual([
      'parentCode',
    ]);
  });

  it('gets one office by code', async () => {
    const response = await api.get('/api/v1/offices/360102002').expect(200);
    expect(response.body).toEqual({ code: '360102002', name: '滕王阁街道', level: 'township', parentCode: '360102' });
    const community = await api.get('/api/v1/offices/360102004002').expect(200);
    expect(community.body).toEqual({ code: '360102004002', name: '状元桥社区居委会', level: 'community', parentCode: '360102004' });
  });

  it('lists the direct children of an office', async () => {
    const children = (await api.get('/api/v1/offices/360102/children').expect(200)).body as OfficeView[];
    expect(children).toEqual([
      { code: '360102002', name: '滕王阁街道', level: 'township', parentCode: '360102' },
      { code: '360102004', name: '百花洲街道', level: 'township', parentCode: '360102' },
    ]);
    expect(codes((await api.get('/api/v1/offices/3601/children').expect(200)).body as OfficeView[])).toEqual(['360102', '360121']);
    // A community has no children: an empty list, not a 404.
    expect((await api.get('/api/v1/offices/360102002001/children').expect(200)).body).toEqual([]);
  });

  it("returns 东湖区's subtree: itself, 2 townships and 4 communities, parents first", async () => {
    const subtree = (await api.get('/api/v1/offices/360102/subtree').expect(200)).body as OfficeView[];
    expect(codes(subtree)).toEqual([
      '360102', // 东湖区
      '360102002', // 滕王阁街道
      '360102004', // 百花洲街道
      '360102002001', // 民巷社区居委会
      '360102002002', // 章江路社区居委会
      '360102004001', // 刘将军庙社区居委会
      '360102004002', // 状元桥社区居委会
    ]);
    expect(subtree[0]).toEqual({ code: '360102', name: '东湖区', level: 'county', parentCode: '3601' });
    expect(subtree.map((o) => o.level)).toEqual(['county', 'township', 'township', 'community', 'community', 'community', 'community']);
  });

  it('returns subtrees of other sizes: a province, a township, a community', async () => {
    // 江西省: see the list test (1 + 2 + 4 + 8 + 16).
    const jiangxi = (await api.get('/api/v1/offices/36/subtree').expect(200)).body as OfficeView[];
    expect(jiangxi).toHaveLength(31);
    expect(jiangxi[0]!.code).toBe('36');
    expect(jiangxi.every((o) => o.code.startsWith('36'))).toBe(true);
    // Parents always come before their children.
    const seen = new Set<string>();
    for (const office of jiangxi) {
      if (office.parentCode !== null && office.code !== '36') expect(seen.has(office.parentCode)).toBe(true);
      seen.add(office.code);
    }
    expect(codes((await api.get('/api/v1/offices/440306018/subtree').expect(200)).body as OfficeView[])).toEqual([
      '440306018',
      '440306018001',
      '440306018019',
    ]);
    expect(codes((await api.get('/api/v1/offices/440306018019/subtree').expect(200)).body as OfficeView[])).toEqual([
      '440306018019',
    ]);
  });

  it('answers 404 problem details for an unknown, well-formed code', async () => {
    for (const path of ['/api/v1/offices/360102999', '/api/v1/offices/360102999/children', '/api/v1/offices/45/subtree']) {
      const response = await api.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expectProblem(response, 404, 'NOT_FOUND');
    }
  });

  it('answers 400 problem details naming `code` for a malformed code', async () => {
    for (const path of [
      '/api/v1/offices/3601020', // 7 digits: not a division code length
      '/api/v1/offices/36a102',
      '/api/v1/offices/3/children',
      '/api/v1/offices/3601020020011/subtree', // 13 digits
    ]) {
      const problem = expectProblem(await api.get(path), 400, 'VALIDATION_FAILED');
      expect({ path, fields: violatedFields(problem) }).toEqual({ path, fields: ['code'] });
    }
  });
});
