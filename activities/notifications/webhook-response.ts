/**
 * How a webhook answer is judged: 2xx delivered; 408, 429, 5xx and network failures are worth retrying;
 * any other 4xx means the receiver will never accept it (a 410 says the endpoint is gone).
 */
export function classifyWebhookStatus(status: number): 'delivered' | 'retry' | 'permanent' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'permanent';
}
