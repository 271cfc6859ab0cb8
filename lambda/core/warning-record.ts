/**
 * The record of a posted warning that the Keep endpoint checks a click against: the nightly
 * notifier writes it, the keep ledger stores it (see keep/ledger.ts).
 */

/** What the notifier records for each posted warning part. */
export interface WarningRecord {
  /** Channel ID as Slack answered chat.postMessage (and as the click payload names it). */
  readonly channel: string;
  readonly ts: string;
  readonly accountId: string;
  readonly region: string;
  readonly deadline: Date;
  /** ARNs with Keep buttons in this message. */
  readonly resources: readonly string[];
}

export interface WarningRecorder {
  recordWarning(record: WarningRecord): Promise<void>;
}
