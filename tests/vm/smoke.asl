/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 * smoke.asl - trivial SSDT for tests/vm/smoke.sh: proves -acpitable loads
 * and that acpi_call can evaluate a method it defines.
 */
DefinitionBlock ("", "SSDT", 1, "OPTVF", "VMSMOKE", 0x00000001)
{
    Method (\VMSM, 0, NotSerialized)
    {
        Return (0x600DF00D)
    }
}
