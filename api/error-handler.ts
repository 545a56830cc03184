import type { ErrorRequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';

/** Maps every error to the one table in core/errors.ts; a request error never exits the process. */
export function errorHandler(log: Logger, uploadMaxBytes: number): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err instanceof multer.MulterError) {
      e = err.code === 'LIMIT_FILE_SIZE'
        ? new AppError('PAYLOAD_TOO_LARGE', `A file exceeds ${uploadMaxBytes} bytes`, `Tệp vượt quá dung lượng cho phép (${Math.floor(uploadMaxBytes / 1048576)} MB)`,
          [{ field: `files.${err.field ?? ''}`, rule: 'max-size', message: `Tệp ${err.field ?? ''} quá lớn` }])
        : new AppError('VALIDATION_FAILED', err.message, 'Tệp tải lên không hợp lệ', [{ field: `files.${err.field ?? ''}`, rule: err.code, message: err.message }]);
    } else if ((err as { type?: string }).type === 'entity.parse.failed') {
      e = new AppError('VALIDATION_FAILED', 'Body is not valid JSON', 'Dữ liệu không phải JSON hợp lệ');
    } else if ((err as { type?: string }).type === 'entity.too.large') {
      e = new AppError('PAYLOAD_TOO_LARGE', 'Body is too large', 'Dữ liệu gửi lên quá lớn');
    } else if (typeof (err as { status?: unknown }).status === 'number' && (err as { status: number }).status >= 400 && (err as { status: number }).status < 500) {
      // any other client error the body parsers found (charset, encoding …): the client's, said plainly
      e = new AppError('VALIDATION_FAILED', 'The request body cannot be read', 'Không đọc được nội dung gửi lên');
    } else {
      log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
      e = new AppError('INTERNAL', 'Internal error', 'Lỗi hệ thống, vui lòng thử lại hoặc báo quản trị');
    }
    if (e.status >= 500 && e.code !== 'INTERNAL') log.warn({ err: (e as { cause?: unknown }).cause ?? e, url: req.originalUrl }, e.message);
    res.status(e.status).json({ error: { code: e.code, message: e.message, messageVi: e.messageVi, violations: e.violations } });
  };
}
