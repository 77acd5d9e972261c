import { Body, Controller, Get, HttpCode, Ip, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public } from './auth.decorators';
import { AuthService, LoginResult } from './auth.service';
import type { Principal } from './auth.types';
import { LoginThrottledError } from './login-throttle.service';
import type { Response } from 'express';
import { LoginDto } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Ip() ip: string, @Res({ passthrough: true }) res: Response): Promise<LoginResult> {
    try {
      return await this.auth.login(body.username, body.password, ip);
    } catch (err) {
      if (err instanceof LoginThrottledError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  }

  @Get('me')
  me(@CurrentUser() principal: Principal): Principal {
    return principal;
  }
}
