/** A chapter: one preset, played whole, with a few words on why it comes here in the course. */
export interface Chapter {
  /** The preset this chapter plays, by id (src/scenarios); presets are used as they are. */
  readonly preset: string;
  /** The chapter's name inside its course (shorter than the preset's title). */
  readonly title: string;
  /** Two to four sentences: what the preset shows and what to watch, true to its narration. */
  readonly intro: string;
}

/** A guided course: presets in an order that tells one story, as one of the articles did. */
export interface Course {
  /** Its id in links (`#course=<id>`) and in the progress kept in local storage. */
  readonly id: string;
  readonly title: string;
  /** One or two sentences for the gallery's card and the course page. */
  readonly summary: string;
  readonly chapters: readonly Chapter[];
  /** What to try once the course is done: a fork, an edit, a setting to change. */
  readonly tryNext: string;
  /** Presets outside the course worth opening next, by id. */
  readonly alsoTry: readonly string[];
}
