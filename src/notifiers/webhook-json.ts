// The shape several integrations share: a webhook URL that is itself the secret (Discord, Teams),
// a JSON body rendered from the notification data, one POST, and a service-specific reading of
// the reply. Each integration supplies only its body and its reply classifier.
import type { HTTPClientConfig } from '../config/types.js';
import type { Alert } from '../model/alert.js';
import type { Secret } from '../model/secret.js';
import type { ClosableNotifier, NotifierEnv } from './env.js';
import { Fields, groupStatus, notificationData, preparationFailure } from './env.js';
import { HttpClient, postJSON } from './http-send.js';
import type { HttpReply } from './http-send.js';
import type { SendOutcome } from './retry.js';
import { readSecretOrFile } from './secret-file.js';
import type { NotifyContext } from './types.js';

/** What one secret-URL JSON integration needs to say about itself. */
export interface SecretUrlJsonSpec {
  readonly what: string;
  readonly http: HTTPClientConfig | undefined;
  readonly url: Secret | undefined;
  readonly urlFile: string | undefined;
  /** Renders the request body; throwing (a template failure) is a permanent failure. */
  body(f: Fields, status: 'firing' | 'resolved'): Record<string, unknown>;
  classify(reply: HttpReply, now: number): SendOutcome;
}

/** Creates a notifier that posts the rendered body to the secret webhook URL. */
export function createSecretUrlJsonNotifier(spec: SecretUrlJsonSpec, env: NotifierEnv): ClosableNotifier {
  const client = new HttpClient(spec.http);
  return {
    async send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendOutcome> {
      let url = '';
      let body: Record<string, unknown>;
      try {
        url = await readSecretOrFile(spec.url, spec.urlFile);
        const f = new Fields(env.templates, notificationData(ctx, alerts, env.externalURL));
        body = spec.body(f, groupStatus(ctx, alerts));
      } catch (e) {
        return preparationFailure(spec.what, e, [url]);
      }
      return postJSON(client, {
        what: spec.what,
        url,
        body,
        signal: ctx.signal,
        userAgent: env.userAgent,
        now: env.now(),
        secrets: [url],
        classify: (reply) => spec.classify(reply, env.now()),
      });
    },
    close: () => client.close(),
  };
}
