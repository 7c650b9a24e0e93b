/**
 * The settings of the run each lab has on screen, by lab name, set by the lab's state when it
 * starts or restores a run. The handout prints these rather than the form's, which may have been
 * edited since.
 */
class RunsOnScreen {
  #byLab = $state.raw<Record<string, Record<string, unknown>>>({});

  /** Records that `lab` now shows a run made with `settings`. */
  show(lab: string, settings: Record<string, unknown>): void {
    this.#byLab = { ...this.#byLab, [lab]: settings };
  }

  /** The settings of the run `lab` shows, or null before its first run. */
  settings(lab: string): Record<string, unknown> | null {
    return this.#byLab[lab] ?? null;
  }
}

export const runsOnScreen = new RunsOnScreen();
