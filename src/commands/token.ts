import { Flags } from '@oclif/core';
import { AeroCommand, dirFlag } from '../cli/base-command.js';

export default class Token extends AeroCommand {
  static override summary = 'Print a development JWT for a user (HS256, signed with the project secret).';
  static override description = `Signs a token with the project's JWT secret ([auth] jwt_secret_file, by default the jwt_secret of .aerodb/keys.json) holding the claims the server checks: iss "aerodb", sub, role, iat and exp. Send it as \`Authorization: Bearer <token>\` together with the anon key: the request then acts as that user, and row-level security policies "authenticated" and "owner" (owner_field == sub) apply. Prints only the token (so TOKEN=$(aerodb token --sub u1) works); --json prints {token, sub, role, iat, exp, expires_at}. For development: production tokens come from your own auth service, signed with the same secret.`;
  static override examples = [
    '<%= config.bin %> token --sub u1',
    '<%= config.bin %> token --sub u1 --ttl 7d --role editor',
    'curl -H "apikey: $ANON" -H "Authorization: Bearer $(<%= config.bin %> token --sub u1)" localhost:7420/api/collections/posts',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    sub: Flags.string({ description: 'the user id the token stands for (the "sub" claim owner policies compare with)', required: true, helpValue: 'ID' }),
    role: Flags.string({ description: 'the "role" claim (informational: policies do not read it)', default: 'authenticated', helpValue: 'ROLE' }),
    ttl: Flags.string({ description: 'lifetime: 90s, 30m, 1h, 7d (at most 365d)', default: '1h', helpValue: 'DURATION' }),
    dir: dirFlag,
  };

  async run() {
    const { flags } = await this.parse(Token);
    const { issueToken } = await import('../services/token-issue.js');
    const issued = await issueToken({ sub: flags.sub, role: flags.role, ttl: flags.ttl, ...(flags.dir === undefined ? {} : { dir: flags.dir }) });
    this.say(issued.token);
    return issued;
  }
}
