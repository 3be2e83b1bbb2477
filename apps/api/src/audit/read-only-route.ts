import { SetMetadata } from '@nestjs/common';

export const READ_ONLY_ROUTE = 'passage:readOnlyRoute';

/**
 * Marks a POST that changes no record (the codec endpoints: a computation over the caller's input): the
 * read-only roles may use it, and the AuditInterceptor records no `request` for it (the route records its
 * own `read` where it shows something).
 */
export const ReadOnlyRoute = (): MethodDecorator => SetMetadata(READ_ONLY_ROUTE, true);
