import { useCallback, useDeferredValue } from 'react';
import type { PanelProps } from '../panel-props';
import './kademlia.css';
import { LookupStats } from './LookupStats';
import { MessageLog } from './MessageLog';
import { RoutingTablePanel } from './RoutingTablePanel';
import { SurveyPanel } from './SurveyPanel';
import { XorSpacePanel } from './XorSpacePanel';

/**
 * The Kademlia lab: the XOR space, the current lookup and a distance measurement across the
 * top, then the focused node's routing table beside the lookup statistics and this step's
 * RPCs; survey charts, when the scenario ran surveys, at the bottom. Essentials: the XOR
 * space, the lookup, the routing table, the statistics, the surveys (each only when it has
 * something to show); the RPC log is one click away.
 */
export default function KademliaPanels({ frame, duration }: PanelProps<'kademlia'>) {
  const view = frame.view;
  const events = frame.events;
  const nodes = view.nodes;
  // Stable while the view's node list is: memoised panels (the routing table) compare it by identity.
  const nameOf = useCallback((x: number) => nodes?.[x]?.name ?? `#${x}`, [nodes]);
  // The routing table follows the frame at low priority: React draws it in its own task after the
  // rest of the step (yielding to the browser), and at Max speed skips the steps it could not draw
  // before the next arrived, so it updates at most once per animation frame. Its props stay the
  // previous frame's objects until then, so its memo boundary holds in the urgent render.
  const lagged = useDeferredValue(frame);
  const tableView = lagged.view;
  const tableNodes = tableView.nodes;
  const tableNameOf = useCallback((x: number) => tableNodes?.[x]?.name ?? `#${x}`, [tableNodes]);
  // A scenario of survey steps only has no network of its own: show the charts alone.
  if (view.nodeCount === 0 && view.survey.length > 0)
    return (
      <div className="panels-column panels-kademlia">
        <SurveyPanel view={view} />
      </div>
    );
  return (
    <div className="panels-column panels-kademlia" style={{ ['--step-ms' as string]: `${duration}ms` }}>
      <XorSpacePanel view={view} events={events} duration={duration} step={frame.step} nameOf={nameOf} />
      <div className="kad-row">
        <RoutingTablePanel
          current={view}
          view={tableView}
          events={lagged.events}
          duration={duration}
          step={lagged.step}
          nameOf={tableNameOf}
        />
        <div className="panels-column kad-col">
          <LookupStats view={view} duration={duration} />
          <MessageLog events={events} nameOf={nameOf} />
        </div>
      </div>
      <SurveyPanel view={view} />
    </div>
  );
}
