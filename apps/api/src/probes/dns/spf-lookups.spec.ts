import type { DnsAnswer } from './dns-answer';
import { followSpfIncludes } from './spf-lookups';

function zone(records: Record<string, string[] | 'fail'>) {
  const asked: string[] = [];
  const fetchTxt = async (name: string): Promise<DnsAnswer<string>> => {
    asked.push(name);
    const found = records[name];
    if (found === 'fail') return { kind: 'failed', code: 'ETIMEOUT' };
    return found ? { kind: 'found', records: found } : { kind: 'none', code: 'ENOTFOUND' };
  };
  return { fetchTxt, asked };
}

describe('followSpfIncludes', () => {
  it('adds up the lookups of nested includes and redirects', async () => {
    const { fetchTxt } = zone({
      'a.example': ['v=spf1 include:b.example a mx -all'],
      'b.example': ['verification=1', 'v=spf1 ip4:192.0.2.1 redirect=c.example'],
      'c.example': ['v=spf1 exists:%{i}.c.example ~all'],
    });
    expect(await followSpfIncludes(['a.example'], fetchTxt)).toEqual({ lookups: 5, problems: [] });
  });

  it('counts a record again each time it is included, and asks DNS once', async () => {
    const { fetchTxt, asked } = zone({ 'a.example': ['v=spf1 include:shared.example'], 'b.example': ['v=spf1 include:shared.example'], 'shared.example': ['v=spf1 a'] });
    expect(await followSpfIncludes(['a.example', 'b.example'], fetchTxt)).toEqual({ lookups: 4, problems: [] });
    expect(asked.filter((n) => n === 'shared.example')).toHaveLength(1);
  });

  it('stops an include loop once over the limit', async () => {
    const { fetchTxt } = zone({ 'a.example': ['v=spf1 include:b.example'], 'b.example': ['v=spf1 include:a.example'] });
    const result = await followSpfIncludes(['a.example'], fetchTxt);
    expect(result.lookups).toBe(11);
  });

  it('reports includes without exactly one SPF record, and skips ones that could not be looked up', async () => {
    const { fetchTxt } = zone({ 'two.example': ['v=spf1 -all', 'v=spf1 a -all'], 'down.example': 'fail', 'bad.example': ['v=spf1 ip4:x -all'] });
    expect(await followSpfIncludes(['gone.example', 'two.example', 'down.example', 'bad.example'], fetchTxt)).toEqual({
      lookups: 0,
      problems: ['gone.example (included) has no SPF record', 'two.example (included) has 2 SPF records', 'bad.example (included): "ip4:x" is not a valid ip4 network'],
    });
  });
});
