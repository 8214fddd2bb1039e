import { HttpErrorResponse } from '@angular/common/http';
import { createLoader } from './load-state';

describe('createLoader', () => {
  it('goes from loading to ready with the data', async () => {
    const loader = createLoader(async () => [1, 2]);
    expect(loader.state().status).toBe('loading');
    await loader.reload();
    expect(loader.data()).toEqual([1, 2]);
    expect(loader.problem()).toBeNull();
  });

  it('keeps the problem of a failed read', async () => {
    const loader = createLoader(async () => {
      throw new HttpErrorResponse({ status: 403, error: { error: { code: 'insufficient_role', message: 'needs admin' } } });
    }, { immediate: false });
    await loader.reload();
    expect(loader.problem()?.code).toBe('insufficient_role');
    expect(loader.data()).toBeNull();
  });

  it('lets the newest read win when an older one answers late', async () => {
    const resolvers: Array<(v: string) => void> = [];
    const loader = createLoader(() => new Promise<string>((resolve) => resolvers.push(resolve)), { immediate: false });
    const first = loader.reload();
    const second = loader.reload();
    resolvers[1]('new workspace');
    await second;
    resolvers[0]('old workspace');
    await first;
    expect(loader.data()).toBe('new workspace');
  });
});
