/** ISE syslog categories (the `CISE_<Category>` of the header) that the parser treats by name. */

export const CATEGORY_PROFILER = 'Profiler';
export const CATEGORY_POSTURE = 'Posture_and_Client_Provisioning_Audit';
export const CATEGORY_RADIUS_ACCOUNTING = 'RADIUS_Accounting';
export const CATEGORY_PASSED_AUTH = 'Passed_Authentications';
export const CATEGORY_FAILED_ATTEMPTS = 'Failed_Attempts';

/**
 * The categories a feed mostly carries. The header scanner recognises these by one compare and hands out the
 * constant (no slice per line), so that the category checks downstream compare identical strings.
 */
export const COMMON_CATEGORIES: readonly string[] = [
  CATEGORY_PASSED_AUTH,
  CATEGORY_RADIUS_ACCOUNTING,
  CATEGORY_FAILED_ATTEMPTS,
  CATEGORY_PROFILER,
  CATEGORY_POSTURE,
];

/** Categories worth reassembling; segments of any other category are refused one by one, never buffered. */
export function isSupportedCategory(category: string): boolean {
  // Plain comparisons, not a Set: hashing a fresh string per line cost more than this.
  return (
    category === CATEGORY_PASSED_AUTH || category === CATEGORY_RADIUS_ACCOUNTING || category === CATEGORY_PROFILER || category === CATEGORY_POSTURE
  );
}
