/** A failed load, said in one line with a way to try again. */
export function InlineError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <p className="inline-error" role="alert">
      {message}{' '}
      <button type="button" className="link-button" onClick={onRetry}>
        Try again
      </button>
    </p>
  )
}
