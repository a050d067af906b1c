import { useEffect, useState } from 'preact/hooks';

import { LiveBadge } from '../components/Badges';
import { Tile } from '../components/Tile';
import { LiveView, watch } from '../live';

export function Dashboard(props: { monitorUrl: string }) {
  const [live, setLive] = useState<LiveView>({ state: 'connecting', reason: null, servers: new Map() });
  useEffect(() => watch(props.monitorUrl, setLive), [props.monitorUrl]);
  const servers = [...live.servers.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <main>
      <div class="page-head">
        <h1>Dashboard</h1>
        <LiveBadge state={live.state}>
          {live.state === 'live' ? 'live' : live.state === 'reconnecting' ? 'reconnecting…'
            : live.state === 'refused' ? 'not connected: ' + (live.reason ?? '') : 'connecting…'}
        </LiveBadge>
      </div>
      {servers.length === 0 && live.state === 'live' && <p class="hint">No servers yet.</p>}
      <section class="tiles">
        {servers.map((s) => <Tile key={s.serverId} server={s} />)}
      </section>
    </main>
  );
}
