import type { AppActions, AppState } from './store';

type S = AppState & AppActions;

// Selectors live at module scope so components re-render only when their slice changes.
export const selectScreen = (s: S) => s.screen;
export const selectBanner = (s: S) => s.banner;
export const selectScenario = (s: S) => s.scenario;
export const selectFrame = (s: S) => s.frame;
export const selectLabels = (s: S) => s.labels;
export const selectPlaying = (s: S) => s.playing;
export const selectSpeed = (s: S) => s.speed;
export const selectBranches = (s: S) => s.branches;
export const selectBranchId = (s: S) => s.branchId;
