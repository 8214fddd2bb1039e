/** A request body that was not valid JSON, kept so the route can dead-letter it once it knows the workspace. */
export class MalformedBody {
  constructor(
    readonly raw: string,
    readonly message: string,
  ) {}
}
