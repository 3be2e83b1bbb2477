import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import type { PassageConfig } from '../../../../libs/config';
import { DomainError } from '../../../../libs/domain';
import { Public } from '../common/actor';
import { ApiProblemResponses } from '../common/openapi';
import { CONFIG } from '../core/tokens';
import { UsersRepository } from '../../../../libs/db';
import { AccessTokenResponse, DevLoginRequest } from './auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(CONFIG) private readonly config: PassageConfig,
    private readonly jwt: JwtService,
    @Inject(UsersRepository) private readonly users: UsersRepository,
  ) {}

  /**
   * Development only: issues a token for a demo user without a password, so a newcomer can try the api.
   * Answers 404 unless DEV_LOGIN_ENABLED is set (and config refuses that setting in production).
   */
  @Public()
  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Development login as a demo user (disabled unless DEV_LOGIN_ENABLED=true)' })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiProblemResponses([401, 404], { 401: 'No active user has that username', 404: 'Development login is not enabled' })
  async devLogin(@Body() body: DevLoginRequest): Promise<AccessTokenResponse> {
    if (!this.config.DEV_LOGIN_ENABLED) throw new DomainError('NOT_FOUND', 'Not found.');
    const user = await this.users.findActiveByUsername(body.username);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'No active user has that username.');
    const accessToken = await this.jwt.signAsync({ sub: user.id });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_TTL_SECONDS,
      userId: user.id,
      role: user.role,
      officeCode: user.officeCode,
    };
  }
}
