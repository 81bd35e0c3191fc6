import type { VacuumView } from '../../../engine/durability/view-vacuum';
import { Panel, type PanelProps } from '../../components/Panel';
import './vacuum.css';

/**
 * A panel of VACUUM's part of the lab (the xmin horizon, the free space and visibility maps, a
 * table's size): one of the essentials once the run has something to show there (`active`),
 * folded in the essentials view before.
 */
export function VacuumPanel({ vacuum, ...panel }: Omit<PanelProps, 'optional'> & { readonly vacuum: VacuumView }) {
  return <Panel {...panel} optional={!vacuum.active} />;
}
