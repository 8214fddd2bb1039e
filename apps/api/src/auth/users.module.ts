import { Global, Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';

/** Users and their password hashes, without HTTP or start-up work (the CLI uses it too). */
@Global()
@Module({ providers: [UserRepository, PasswordHasher, UserService], exports: [UserRepository, PasswordHasher, UserService] })
export class UsersModule {}
