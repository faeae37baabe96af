/** One server-sent event: its `event:` name and its `data:` parsed as JSON. */
export interface StreamEvent {
  event: string;
  data: any;
}

/**
 * Reads a scaffolder task's event stream (`GET .../tasks/<id>/eventstream`, text/event-stream)
 * until an event `stop` accepts, then closes it; returns every event read. Fails if the stream
 * ends first or the answer is not 200.
 */
export async function readEventStream(
  url: string,
  token: string,
  stop: (event: StreamEvent) => boolean,
  timeoutMs = 300_000,
): Promise<StreamEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: StreamEvent[] = [];
  try {
    const res = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
      },
      signal: controller.signal,
    });
    if (res.status !== 200 || !res.body) {
      throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (
        let end = buffer.indexOf('\n\n');
        end >= 0;
        end = buffer.indexOf('\n\n')
      ) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const name = lines
          .find(l => l.startsWith('event:'))
          ?.slice(6)
          .trim();
        const data = lines
          .filter(l => l.startsWith('data:'))
          .map(l => l.slice(5).trim())
          .join('\n');
        if (!data) continue;
        const event = { event: name ?? 'message', data: JSON.parse(data) };
        events.push(event);
        if (stop(event)) {
          controller.abort();
          return events;
        }
      }
    }
    throw new Error(`${url}: the stream ended after ${events.length} event(s)`);
  } catch (error) {
    if (
      controller.signal.aborted &&
      events.length > 0 &&
      stop(events.at(-1)!)
    ) {
      return events;
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
