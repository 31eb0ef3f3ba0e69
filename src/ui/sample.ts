/** The sample capture shipped in public/samples (lab-a: real traffic, labelled). */
export const SAMPLE_URL = `${import.meta.env.BASE_URL}samples/lab-a/packets.csv.gz`;

export async function fetchSampleCapture(signal: AbortSignal): Promise<Blob> {
  const res = await fetch(SAMPLE_URL, { signal });
  if (!res.ok) throw new Error(`Could not fetch the sample capture (${SAMPLE_URL}): HTTP ${res.status}.`);
  return res.blob();
}
