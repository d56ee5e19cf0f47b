// Campus's one error vocabulary (contracts' ErrorCode), as a Java service fails a bus request with it: the failure
// code is the HTTP status, the message the error's JSON, so a BFF maps a Node service's failure as it maps any other.

const STATUS = {
  VALIDATION: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_MANY_REQUESTS: 429,
  INTERNAL: 500, UNAVAILABLE: 503, TIMEOUT: 504,
};

export class CampusError extends Error {
  /**
   * @param {keyof STATUS} code
   * @param {string} detail what happened, for a person
   * @param {object} [more]
   * @param {{field: string, reason: string}[]} [more.errors] which fields of a request are wrong, and why
   * @param {number} [more.retryAfterSeconds] when asking again makes sense (UNAVAILABLE)
   */
  constructor(code, detail, { errors = [], retryAfterSeconds = 0 } = {}) {
    super(detail);
    this.name = 'CampusError';
    this.code = code;
    this.errors = errors;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** What the bus client sends as the failure code. */
  get failureCode() {
    return STATUS[this.code];
  }

  /** What the bus client sends as the failure message: the form BusFailures.toCampus reads. */
  get busMessage() {
    const json = { code: this.code, detail: this.message };
    if (this.errors.length > 0) {
      json.errors = this.errors;
    }
    if (this.retryAfterSeconds > 0) {
      json.retryAfterSeconds = this.retryAfterSeconds;
    }
    return JSON.stringify(json);
  }

  static invalid(field, reason) {
    return new CampusError('VALIDATION', `${field} ${reason}`, { errors: [{ field, reason }] });
  }

  static forbidden(detail) {
    return new CampusError('FORBIDDEN', detail);
  }

  static unavailable(detail, retryAfterSeconds = 0) {
    return new CampusError('UNAVAILABLE', detail, { retryAfterSeconds });
  }

  static internal(detail) {
    return new CampusError('INTERNAL', detail);
  }
}
