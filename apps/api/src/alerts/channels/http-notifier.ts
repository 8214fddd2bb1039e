import { Injectable } from '@nestjs/common';

/** Posts JSON to Slack incoming webhooks and generic webhooks; any answer but 2xx is a failure to retry. */
@Injectable()
export class HttpNotifier {
  async postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<void> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mailpulse-Alerts/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status < 200 || res.status >= 300) {
      const text = (await res.text().catch(() => '')).slice(0, 200);
      throw new Error(`${url.replace(/\?.*$/, '')} answered ${res.status}${text ? `: ${text}` : ''}`);
    }
    await res.body?.cancel();
  }
}
