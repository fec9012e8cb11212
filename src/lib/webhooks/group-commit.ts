/**
 * Group commit: callers submit one item each and get their own result, while a single flusher
 * applies whatever is queued as one group (one transaction for the whole group instead of one per
 * item). There is no timer: an item submitted while nothing is being applied is applied at once,
 * alone; items submitted meanwhile wait for the running group and go together in the next one. So
 * the group size follows the load by itself: 1 when idle, about the number of requests in flight
 * under load.
 */
export type GroupCommitOptions = {
  /** The most items applied in one group; the rest wait for the next one. */
  maxGroupSize: number
}

/**
 * The result of an item the group left untouched because it cannot go together with an earlier
 * item of the same group: it is applied in the next group, ahead of newer items.
 */
export const DEFER: unique symbol = Symbol("defer")

type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }

export class GroupCommitQueue<T, R> {
  protected waiting_: Array<Waiting<T, R>> = []
  protected flushing_ = false

  /**
   * @param apply_ applies one group and returns one result per item, in the items' order, or
   *   DEFER for an item to apply in the next group (at least one item of a group must be applied,
   *   or every item fails). When it throws for a group of several items, each item is applied
   *   again alone, so one item that cannot be applied (or a deadlock with another process) fails
   *   only its own caller.
   */
  constructor(
    protected readonly apply_: (items: T[]) => Promise<Array<R | typeof DEFER>>,
    protected readonly options_: GroupCommitOptions
  ) {
    if (!Number.isInteger(options_.maxGroupSize) || options_.maxGroupSize < 1) {
      throw new Error("maxGroupSize must be a whole number of at least 1")
    }
  }

  /** How many items wait for a group (not counting the group being applied). */
  get pending(): number {
    return this.waiting_.length
  }

  /** Queues one item; resolves with its own result once its group is applied. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting_.push({ item, resolve, reject })
      if (!this.flushing_) {
        void this.flush_()
      }
    })
  }

  protected async flush_(): Promise<void> {
    this.flushing_ = true
    try {
      while (this.waiting_.length) {
        const group = this.waiting_.splice(0, this.options_.maxGroupSize)
        const deferred = await this.applyGroup_(group)
        this.waiting_ = [...deferred, ...this.waiting_]
      }
    } finally {
      this.flushing_ = false
    }
  }

  /** Applies one group; returns its deferred items. */
  protected async applyGroup_(group: Array<Waiting<T, R>>): Promise<Array<Waiting<T, R>>> {
    let results: Array<R | typeof DEFER>
    try {
      results = await this.apply_(group.map((w) => w.item))
      if (results.length !== group.length) {
        throw new Error(`A group of ${group.length} items was applied with ${results.length} results`)
      }
      if (results.every((r) => r === DEFER)) {
        throw new Error(`A group of ${group.length} items deferred every item`)
      }
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error)
        return []
      }
      // Alone, every item gets its own outcome: the others are not held hostage by one of them.
      for (const w of group) {
        await this.applyGroup_([w])
      }
      return []
    }
    const deferred: Array<Waiting<T, R>> = []
    group.forEach((w, i) => {
      const result = results[i]
      if (result === DEFER) {
        deferred.push(w)
      } else {
        w.resolve(result)
      }
    })
    return deferred
  }
}
