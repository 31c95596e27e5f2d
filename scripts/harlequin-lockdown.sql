-- Generated from pkit/cli.py SQL_LOCKDOWN: `make sql` (harlequin --init-path) runs it on opening.
set enable_external_access = false;
set autoinstall_known_extensions = false;
set autoload_known_extensions = false;
set allow_community_extensions = false;
set allow_persistent_secrets = false;
set lock_configuration = true;
