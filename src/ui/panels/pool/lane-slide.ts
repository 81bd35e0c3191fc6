import { easeLinear } from 'd3-ease';
import { select } from 'd3-selection';
import 'd3-transition';
import { type D3Behaviour, interruptAll } from '../../d3-behaviour';

/** What the slide depends on: the simulated time shown, the window, and the step's duration (ms). */
export interface SlideProps {
  readonly now: number;
  readonly windowMs: number;
  readonly duration: number;
  /** Width of the time axis in px. */
  readonly width: number;
}

/**
 * Time flows to the left: the lanes start where the previous step drew them and slide by the
 * time that passed (end state at once when motion is reduced or the jump is off-screen).
 */
export function laneSlide(body: SVGGElement, initialNow: number): D3Behaviour<SlideProps> {
  let prevNow = initialNow;
  return {
    update({ now, windowMs, duration, width }) {
      const dt = now - prevNow;
      prevNow = now;
      const shift = (dt * width) / windowMs;
      const sel = select(body);
      sel.interrupt();
      if (duration <= 0 || shift <= 0 || shift >= width) {
        sel.attr('transform', null);
        return;
      }
      sel.attr('transform', `translate(${shift},0)`).transition().duration(duration).ease(easeLinear).attr('transform', 'translate(0,0)');
    },
    destroy() {
      interruptAll(body);
    },
  };
}
