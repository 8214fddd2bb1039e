import { parseTagList } from './tag-list';

describe('parseTagList', () => {
  it('reads tags case-insensitively with trimmed values, ignoring empty segments', () => {
    const { tags, errors } = parseTagList(' v=DKIM1 ;K = rsa;; p=abc= ;');
    expect(Object.fromEntries(tags)).toEqual({ v: 'DKIM1', k: 'rsa', p: 'abc=' });
    expect(errors).toEqual([]);
  });

  it.each([
    ['v=DKIM1; nonsense', '"nonsense" is not a tag=value pair'],
    ['p=a; p=b', 'p= appears twice'],
    ['1x=a', '"1x" is not a valid tag name'],
    ['=a', '"" is not a valid tag name'],
  ])('reports %j', (record, error) => {
    expect(parseTagList(record).errors).toEqual([error]);
  });
});
