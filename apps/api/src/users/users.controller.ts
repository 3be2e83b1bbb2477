import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { type UserEntity, UsersRepository } from '../../../../libs/db';
import { type ActingUser, DomainError, jurisdictionOf, ROLES } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { IsOfficeCode, OFFICE_CODE_SCHEMA } from '../common/is-office-code';
import { Optional } from '../common/optional';

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty() officeCode!: string;

  static of(user: UserEntity): UserView {
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, officeCode: user.officeCode };
  }
}

export class ListUsersQuery {
  @ApiPropertyOptional(OFFICE_CODE_SCHEMA)
  @Optional()
  @IsOfficeCode()
  officeCode?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @Optional()
  @IsIn(ROLES)
  role?: string;
}

/** Staff within the caller's jurisdiction; anyone else's is answered 404 so existence is not leaked. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(@Inject(UsersRepository) private readonly users: UsersRepository) {}

  @Get('me')
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: UserView })
  async me(@CurrentActor() actor: ActingUser): Promise<UserView> {
    return UserView.of((await this.users.findActiveById(actor.userId))!);
  }

  @Get()
  @ApiOperation({ summary: 'Staff within the caller’s jurisdiction' })
  @ApiOkResponse({ type: [UserView] })
  async list(@CurrentActor() actor: ActingUser, @Query() query: ListUsersQuery): Promise<UserView[]> {
    return (await this.users.listWithin(jurisdictionOf(actor), query)).map(UserView.of);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One member of staff within the caller’s jurisdiction' })
  @ApiOkResponse({ type: UserView })
  async get(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam): Promise<UserView> {
    const user = await this.users.findWithin(jurisdictionOf(actor), id);
    if (!user) throw new DomainError('NOT_FOUND', 'No such user.');
    return UserView.of(user);
  }
}
