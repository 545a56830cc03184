import type { RequestHandler, Response } from 'express';
import { TokenRefused, type StaffMember, type StaffTokenVerifier } from '../core/auth/staff-token';
import { unauthenticated, unavailable } from '../core/errors';

const refusalVi: Record<TokenRefused['reason'], string> = {
  malformed: 'Mã đăng nhập không đọc được; vui lòng đăng nhập lại',
  expired: 'Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại',
  signature: 'Mã đăng nhập không do hệ thống định danh cấp',
  issuer: 'Mã đăng nhập không do hệ thống định danh của tỉnh cấp',
  audience: 'Mã đăng nhập không dùng cho hệ thống này',
  claims: 'Mã đăng nhập thiếu thông tin bắt buộc',
};

/**
 * Every route behind this needs a bearer token of the staff realm (OIDC resource server). The
 * verified person is put in res.locals.staff; nothing about who acts is read from the request body.
 */
export function requireStaff(verifier: StaffTokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    res.setHeader('WWW-Authenticate', 'Bearer realm="dossiers"');
    if (!match?.[1]) {
      next(unauthenticated('A bearer token of the staff realm is required', 'Cần đăng nhập (mã đăng nhập của cán bộ)'));
      return;
    }
    try {
      res.locals.staff = await verifier.verify(match[1]);
      next();
    } catch (err) {
      if (err instanceof TokenRefused) next(unauthenticated(`Token refused: ${err.message}`, refusalVi[err.reason]));
      else next(unavailable('định danh (Keycloak)', err));
    }
  };
}

export function staffOf(res: Response): StaffMember {
  const staff = res.locals.staff as StaffMember | undefined;
  if (!staff) throw new Error('route is not behind requireStaff');
  return staff;
}
