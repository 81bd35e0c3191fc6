import type { PanelProps } from '../../LabView';

/** The Connection pooling lab's panels (placeholder until the lab is built). */
export default function PoolPanels({ frame }: PanelProps) {
  return <p className="panel empty">Step {frame.step}: this lab's panels are being built.</p>;
}
